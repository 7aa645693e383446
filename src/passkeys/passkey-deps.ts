/** What the passkey procedures are built from, and the helpers they share. */
import type { Kysely } from "kysely";
import type { Logger } from "pino";
import type { Clock } from "../clock.js";
import type { Database } from "../db/schema.js";
import type { RelyingParty } from "./relying-party.js";

/** The dependencies of the passkey procedures. */
export interface PasskeyDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly relyingParty: RelyingParty;
}

/** EdDSA, ES256, RS256: what authenticators offer; post-quantum keys would not fit the column. */
export const SUPPORTED_ALGORITHMS = [-8, -7, -257];

/** The hint to the browser of how long a ceremony may take (the challenge lives a little longer). */
export const CEREMONY_TIMEOUT_MS = 4 * 60 * 1000;

/** The challenge a response answers (from its clientDataJSON), or undefined when unreadable. */
export function challengeOf(clientDataJSON: string): string | undefined {
  try {
    const data: unknown = JSON.parse(Buffer.from(clientDataJSON, "base64url").toString("utf8"));
    const challenge =
      typeof data === "object" && data !== null ? (data as { challenge?: unknown }).challenge : undefined;
    return typeof challenge === "string" && challenge.length <= 128 ? challenge : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Why the WebAuthn library refused a response, for the server log. Its messages may quote the
 * challenge; those are cut (challenges never go to the log), the rest (origin or RP ID
 * mismatches, the usual misconfiguration) is kept.
 */
export function refusalOf(error: unknown): string {
  const message = error instanceof Error ? error.message : "unknown error";
  return /challenge|signature/i.test(message) ? "challenge or signature mismatch" : message.slice(0, 200);
}
