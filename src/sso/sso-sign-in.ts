/**
 * Finishing a single sign-on: the provider's redirect back (the callback URL with the code)
 * and the sealed transaction cookie in; an ordinary web session out, or a reason.
 *
 * Threats and defences: a forged or replayed callback (state from the sealed cookie, PKCE, the
 * nonce in the ID token, the `iss` parameter and claim, all checked by openid-client; the
 * provider spends a code once; the cookie is cleared by the route whatever the outcome), an
 * identity taking over an account (see domain/sso-account.ts), a disabled user (refused), and
 * leaks (the code, tokens and claims are never logged or audited; only the reason, the issuer
 * and, once known, the user).
 */
import type { Kysely } from "kysely";
import type { Logger } from "pino";
import { recordAuditEvent } from "../audit/audit-log.js";
import type { Clock } from "../clock.js";
import type { OidcConfig } from "../config/oidc-config.js";
import type { Database, UserTable } from "../db/schema.js";
import type { Directory } from "../directory.js";
import { groupsOf } from "../domain/group-roles.js";
import { type AccountFacts, decideAccount, identityOf, type SsoAccountRefusal } from "../domain/sso-account.js";
import type { SessionService, StartedSession } from "../sessions/session.service.js";
import { actorOf, type ClientInfo } from "../sessions/sign-in.js";
import { findUserById, findUserByUsername } from "../users/user.repository.js";
import type { GroupSync } from "./group-sync.js";
import type { ProviderClient, ProviderFailure } from "./oidc-provider-client.js";
import { findLinkedUser, hasLinkToIssuer, insertLink, touchLink } from "./sso-link.repository.js";
import type { SsoTransaction } from "./sso-transaction.js";

/** Why a single sign-on failed; the sign-in page has words for each (web/src/components/SsoSignIn.tsx). */
export type SsoFailure = ProviderFailure | SsoAccountRefusal | "noTransaction";

export type SsoSignInResult = { ok: true; session: StartedSession } | { ok: false; reason: SsoFailure };

/**
 * How an SSO sign-in counts for other features. Hook for second factors: a session started
 * here has been through the provider's own authentication, so it counts as MFA-satisfied.
 */
export const SSO_SIGN_IN_METHOD = { method: "sso", mfaSatisfied: true } as const;

export interface SsoSignInDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly config: OidcConfig;
  readonly provider: ProviderClient;
  readonly sessions: SessionService;
  readonly directory: Pick<Directory, "addUser">;
  readonly syncGroups: GroupSync;
}

/** Creates the callback procedure. */
export function createSsoSignIn(deps: SsoSignInDeps) {
  const { db, clock, logger, config } = deps;

  async function refuse(client: ClientInfo, reason: SsoFailure, user?: UserTable): Promise<SsoSignInResult> {
    logger.info({ reason, userId: user?.id, clientIp: client.ip }, "single sign-on refused");
    await recordAuditEvent(db, {
      eventType: "User.SignInFailedEvent",
      actor: actorOf(client, user),
      timestamp: clock.now(),
      details: { method: "sso", reason, issuer: config.issuer },
    });
    return { ok: false, reason };
  }

  const factsOf = async (user: UserTable | undefined, issuer: string): Promise<AccountFacts | undefined> =>
    user === undefined
      ? undefined
      : { id: user.id, isDisabled: user.isDisabled !== 0, linkedToIssuer: await hasLinkToIssuer(db, user.id, issuer) };

  /** The account of an identity: found by link, linked by claim, or created; two tries for a racing first sign-in. */
  async function accountOf(client: ClientInfo, issuer: string, claims: Readonly<Record<string, unknown>>) {
    const identity = identityOf(claims, config.usernameClaim);
    for (let attempt = 0; ; attempt++) {
      const linked = await findLinkedUser(db, issuer, identity.subject);
      const named = identity.username === undefined ? undefined : await findUserByUsername(db, identity.username);
      const decision = decideAccount(identity, await factsOf(linked, issuer), await factsOf(named, issuer));
      if (!decision.ok) return { ok: false as const, reason: decision.reason, user: linked ?? named };
      const at = clock.now().toISOString();
      if (decision.kind === "linked" && linked !== undefined) {
        await touchLink(db, issuer, identity.subject, at);
        return { ok: true as const, user: linked };
      }
      let userId: string | undefined = decision.kind === "link" ? decision.userId : undefined;
      if (decision.kind === "create") {
        const created = await deps.directory.addUser(actorOf(client), {
          username: decision.username,
          email: decision.email,
          displayName: decision.displayName,
        });
        userId = created.ok ? created.value.id : undefined;
      }
      if (userId !== undefined && (await insertLink(db, { issuer, subject: identity.subject, userId, at }))) {
        const user = await findUserById(db, userId);
        if (user === undefined) throw new Error("a user just linked is missing");
        await recordAuditEvent(db, {
          eventType: "User.SsoLinkEvent",
          actor: actorOf(client, user),
          timestamp: clock.now(),
          details: { userId: user.id, username: user.username, issuer, created: decision.kind === "create" },
        });
        return { ok: true as const, user };
      }
      // Another sign-in created or linked it meanwhile: decide again on what is stored now.
      if (attempt >= 1) return { ok: false as const, reason: "identityConflict" as const, user: undefined };
    }
  }

  return async (
    callbackUrl: URL,
    transaction: SsoTransaction | undefined,
    client: ClientInfo,
  ): Promise<SsoSignInResult> => {
    if (transaction === undefined) return refuse(client, "noTransaction");
    const exchanged = await deps.provider.exchange(callbackUrl, transaction);
    if (!exchanged.ok) return refuse(client, exchanged.reason);
    const { claims, issuer } = exchanged.identity;
    const account = await accountOf(client, issuer, claims);
    if (!account.ok) return refuse(client, account.reason, account.user);
    const groups = config.groupsClaim === null ? undefined : groupsOf(claims[config.groupsClaim]);
    if (config.groupsClaim !== null && config.groupRoles.length > 0) {
      // An absent claim is not "no groups": a provider that stopped sending it must not empty every organization.
      if (groups === undefined)
        logger.warn({ claim: config.groupsClaim }, "single sign-on: no groups claim; memberships left as they were");
      else await deps.syncGroups(actorOf(client, account.user), account.user, groups);
    }
    // Method "sso": the provider's own checks stand for a second factor (the require-MFA policy), and it is a fresh sign-in for step-up.
    const session = await deps.sessions.start(account.user, undefined, SSO_SIGN_IN_METHOD.method);
    await recordAuditEvent(db, {
      eventType: "User.SignInEvent",
      actor: actorOf(client, account.user),
      timestamp: clock.now(),
      details: { method: SSO_SIGN_IN_METHOD.method, issuer },
    });
    return { ok: true, session };
  };
}

export type SsoSignIn = ReturnType<typeof createSsoSignIn>;
