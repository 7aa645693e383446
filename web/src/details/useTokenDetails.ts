/**
 * Loads a token and its usage for the details page. The page's path names no organization, and
 * the API is organization-scoped, so the user's organizations are asked in turn until one knows
 * the token; a 404 (or a 400 for an id that is not a GUID) from all of them means "not found".
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError, messageOf } from "../api/http.ts";
import type { SessionOrganization } from "../api/session.ts";
import type { PatToken } from "../api/tokens.ts";
import { getToken, getTokenUsage, type TokenUsage } from "../api/usage.ts";

export type TokenDetailsState =
  | { kind: "loading" }
  | { kind: "notFound" }
  | { kind: "error"; message: string }
  | { kind: "loaded"; org: string; token: PatToken; usage: TokenUsage };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Answers that mean "this organization does not know the token", so the next one is asked. */
function isUnknownHere(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 404 || error.status === 400);
}

async function findToken(
  organizations: readonly SessionOrganization[],
  authorizationId: string,
): Promise<{ org: string; token: PatToken } | null> {
  for (const org of organizations) {
    try {
      return { org: org.name, token: await getToken(org.name, authorizationId) };
    } catch (error) {
      if (!isUnknownHere(error)) throw error;
    }
  }
  return null;
}

/** The token `authorizationId` of the session user, and `reload` after a change. */
export function useTokenDetails(authorizationId: string, organizations: readonly SessionOrganization[]) {
  const [state, setState] = useState<TokenDetailsState>({ kind: "loading" });
  // Only the latest load may set the state: an earlier one (another id) may answer later.
  const latest = useRef(0);

  const load = useCallback(async () => {
    const attempt = ++latest.current;
    const settle = (next: TokenDetailsState) => {
      if (attempt === latest.current) setState(next);
    };
    // A malformed id cannot name a token: no request is needed to say so.
    if (!GUID.test(authorizationId)) {
      settle({ kind: "notFound" });
      return;
    }
    try {
      const found = await findToken(organizations, authorizationId);
      if (found === null) {
        settle({ kind: "notFound" });
        return;
      }
      const usage = await getTokenUsage(found.org, found.token.authorizationId);
      settle({ kind: "loaded", ...found, usage });
    } catch (error) {
      // A 401 is the app shell's (it asks the user to sign in again); anything else is shown.
      if (!(error instanceof ApiError && error.status === 401)) settle({ kind: "error", message: messageOf(error) });
    }
  }, [authorizationId, organizations]);

  useEffect(() => {
    void load();
  }, [load]);

  return { state, reload: load };
}
