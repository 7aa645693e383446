/**
 * Proving an account with a passkey: usernameless sign-in (the browser offers the passkeys it
 * holds for Patina; the credential names the account), and the check of a given user's passkey
 * that a second sign-in step can call after a password.
 *
 * Threats and defences: phishing and relaying (the origin and RP ID are checked against
 * PATINA_PUBLIC_URL, and the authenticator signs them); replay (each challenge is spent once,
 * in one conditional delete, and expires in minutes); cloned authenticators (the signature
 * counter must grow, written compare-and-set); a stolen device without its owner (user
 * verification is required for sign-in); disabled accounts (refused like any failure). Every
 * failure is the same "no" to the client; the reason is for the log and, when an account is
 * involved, the audit trail. Challenges, signatures and credential ids are never logged.
 */
import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { generateAuthenticationOptions, verifyAuthenticationResponse } from "@simplewebauthn/server";
import { recordAuditEvent } from "../audit/audit-log.js";
import type { UserTable } from "../db/schema.js";
import type { SessionService, StartedSession } from "../sessions/session.service.js";
import { actorOf, type ClientInfo } from "../sessions/sign-in.js";
import { findUserById } from "../users/user.repository.js";
import { type ChallengePurpose, challengeBytes, issueChallenge, spendChallenge } from "./challenge.repository.js";
import {
  findPasskeyByCredentialId,
  listPasskeysOfUser,
  type PasskeyRow,
  recordPasskeyUse,
  userHasPasskeys,
} from "./passkey.repository.js";
import { CEREMONY_TIMEOUT_MS, challengeOf, type PasskeyDeps, refusalOf } from "./passkey-deps.js";
import { transportsOf } from "./passkey-registration.js";

/** Why an assertion was refused (for the log and the audit trail only). */
export type AssertionFailure =
  | "unavailable"
  | "unknownCredential"
  | "challenge"
  | "invalidResponse"
  | "disabled"
  | "counterRace";

/** The outcome of checking an assertion. */
export type AssertionResult =
  | { ok: true; user: UserTable; passkey: PasskeyRow }
  | { ok: false; reason: AssertionFailure; user?: UserTable };

/** The outcome of a passkey sign-in. */
export type PasskeySignInResult = { ok: true; session: StartedSession } | { ok: false; reason: AssertionFailure };

/** Creates the assertion procedures. */
export function createPasskeyAssertion(deps: PasskeyDeps & { sessions: SessionService }) {
  const { db, clock, logger, relyingParty: rp } = deps;

  async function options(purpose: ChallengePurpose, userId: string | null) {
    if (!rp.available) return undefined;
    const challenge = await issueChallenge(db, purpose, userId, clock.now());
    const allowed = userId === null ? [] : await listPasskeysOfUser(db, userId);
    return generateAuthenticationOptions({
      rpID: rp.id,
      challenge: challengeBytes(challenge),
      timeout: CEREMONY_TIMEOUT_MS,
      // Usernameless: no list, the browser offers the discoverable passkeys it holds.
      ...(userId === null
        ? {}
        : { allowCredentials: allowed.map((p) => ({ id: p.credentialId, transports: transportsOf(p) })) }),
      userVerification: purpose === "signIn" ? "required" : "preferred",
    });
  }

  /** The one check of an assertion; `forUser` is the account it must prove (null: whichever it names). */
  async function check(
    response: AuthenticationResponseJSON,
    purpose: ChallengePurpose,
    forUser: string | null,
  ): Promise<AssertionResult> {
    if (!rp.available) return { ok: false, reason: "unavailable" };
    const passkey = response.id === response.rawId ? await findPasskeyByCredentialId(db, response.id) : undefined;
    const user = passkey && (await findUserById(db, passkey.userId));
    if (passkey === undefined || user === undefined || (forUser !== null && user.id !== forUser)) {
      return { ok: false, reason: "unknownCredential" };
    }
    // A discoverable credential's user handle must name the account the credential belongs to.
    const handle = response.response.userHandle;
    if (handle !== undefined && Buffer.from(handle, "base64url").toString("utf8") !== user.id) {
      return { ok: false, reason: "unknownCredential", user };
    }
    const challenge = challengeOf(response.response.clientDataJSON);
    const now = clock.now();
    if (challenge === undefined || !(await spendChallenge(db, challenge, purpose, forUser, now))) {
      return { ok: false, reason: "challenge", user };
    }
    let verified: Awaited<ReturnType<typeof verifyAuthenticationResponse>> | undefined;
    try {
      verified = await verifyAuthenticationResponse({
        response,
        expectedChallenge: challenge,
        expectedOrigin: rp.origin,
        expectedRPID: rp.id,
        credential: {
          id: passkey.credentialId,
          publicKey: new Uint8Array(Buffer.from(passkey.publicKey, "base64url")),
          counter: passkey.counter,
          transports: transportsOf(passkey),
        },
        requireUserVerification: purpose === "signIn",
      });
    } catch (error) {
      logger.info({ userId: user.id, passkeyId: passkey.id, refusal: refusalOf(error) }, "passkey assertion refused");
    }
    if (verified?.verified !== true) return { ok: false, reason: "invalidResponse", user };
    if (user.isDisabled === 1) return { ok: false, reason: "disabled", user };
    const use = {
      counter: verified.authenticationInfo.newCounter,
      backedUp: verified.authenticationInfo.credentialBackedUp,
      usedAt: now.toISOString(),
    };
    if (!(await recordPasskeyUse(db, passkey, use))) return { ok: false, reason: "counterRace", user };
    return { ok: true, user, passkey };
  }

  return {
    /** Request options for a usernameless sign-in (undefined when passkeys are unavailable). */
    signInOptions: () => options("signIn", null),

    /** Signs in with a passkey: verifies the assertion and starts the ordinary web session. */
    async signIn(response: AuthenticationResponseJSON, client: ClientInfo): Promise<PasskeySignInResult> {
      const result = await check(response, "signIn", null);
      if (!result.ok) {
        logger.info({ reason: result.reason, userId: result.user?.id, clientIp: client.ip }, "passkey sign-in failed");
        // Audited only when an account is involved: a flood of made-up credentials is not history.
        if (result.user !== undefined) {
          await recordAuditEvent(db, {
            eventType: "User.SignInFailedEvent",
            actor: actorOf(client, result.user),
            timestamp: clock.now(),
            details: { method: "passkey", reason: result.reason },
          });
        }
        return { ok: false, reason: result.reason };
      }
      // A passkey with user verification is two factors in one: it satisfies require-MFA and counts as a fresh sign-in.
      const session = await deps.sessions.start(result.user, undefined, "passkey");
      await recordAuditEvent(db, {
        eventType: "User.SignInEvent",
        actor: actorOf(client, result.user),
        timestamp: clock.now(),
        details: { method: "passkey", passkeyId: result.passkey.id },
      });
      return { ok: true, session };
    },

    /** Request options for proving a given user with one of their passkeys (a second factor). */
    optionsForUser: (userId: string) => options("secondFactor", userId),

    /**
     * Verifies an assertion of one of the given user's passkeys, against a challenge from
     * `optionsForUser(userId)`. User verification is not required: the password came first.
     */
    async verifyForUser(userId: string, response: AuthenticationResponseJSON): Promise<AssertionResult> {
      return check(response, "secondFactor", userId);
    },

    /** True when the user has a passkey. */
    hasPasskeys: (userId: string) => userHasPasskeys(db, userId),
  };
}

/** The assertion procedures of one server. */
export type PasskeyAssertion = ReturnType<typeof createPasskeyAssertion>;
