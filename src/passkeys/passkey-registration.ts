/**
 * Adding a passkey to one's own account from a session. Threat: a hijacked session (a stolen
 * cookie) making itself a lasting way into the account, which a passkey is. So, as for a
 * password change, the ceremony begins only with the current password (wrong guesses count
 * against the sign-in throttle), and its challenge is bound to that user, single-use and
 * short-lived. User verification is required: a passkey is a whole sign-in, not a second factor.
 */
import { generateRegistrationOptions, verifyRegistrationResponse } from "@simplewebauthn/server";
import type { Static } from "typebox";
import { recordAuditEvent } from "../audit/audit-log.js";
import type { UserTable } from "../db/schema.js";
import { checkPasskeyName } from "../domain/passkey-name.js";
import { newId } from "../ids.js";
import type { PasswordChecker } from "../sessions/password-check.js";
import { actorOf, type ClientInfo } from "../sessions/sign-in.js";
import { type SignInThrottle, throttleKeys } from "../sessions/sign-in-throttle.js";
import { findUserById } from "../users/user.repository.js";
import { challengeBytes, issueChallenge, spendChallenge } from "./challenge.repository.js";
import { insertPasskey, listPasskeysOfUser, type PasskeyRow } from "./passkey.repository.js";
import type { RegistrationRequestSchema } from "./passkey.schemas.js";
import { CEREMONY_TIMEOUT_MS, challengeOf, type PasskeyDeps, refusalOf, SUPPORTED_ALGORITHMS } from "./passkey-deps.js";

/** The outcome of asking to add a passkey. */
export type RegistrationOptionsResult =
  | { ok: true; options: unknown }
  | { ok: false; reason: "unavailable" | "wrongPassword" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

/** The outcome of adding a passkey. */
export type RegistrationResult =
  | { ok: true; passkey: PasskeyRow }
  | { ok: false; reason: "unavailable" | "challenge" | "invalidResponse" | "alreadyRegistered" }
  | { ok: false; reason: "invalidName"; message: string };

const KNOWN_TRANSPORTS = new Set(["ble", "cable", "hybrid", "internal", "nfc", "smart-card", "usb"]);

type Owner = Pick<UserTable, "id" | "username" | "displayName">;

/** Creates the registration procedures. */
export function createPasskeyRegistration(
  deps: PasskeyDeps & { throttle: SignInThrottle; checkPassword: PasswordChecker },
) {
  const { db, clock, logger, relyingParty: rp } = deps;
  return {
    /** Checks the current password, then hands out creation options with a fresh challenge. */
    async options(owner: Owner, currentPassword: string, client: ClientInfo): Promise<RegistrationOptionsResult> {
      if (!rp.available) return { ok: false, reason: "unavailable" };
      const keys = throttleKeys(owner.username, client.ip);
      const admitted = await deps.throttle.admit(keys);
      if (!admitted.allowed) return { ok: false, reason: "throttled", retryAfterSeconds: admitted.retryAfterSeconds };
      let succeeded = false;
      try {
        const check = await deps.checkPassword(await findUserById(db, owner.id), currentPassword);
        if (check !== "ok") {
          logger.info({ reason: check, userId: owner.id, clientIp: client.ip }, "passkey registration refused");
          return { ok: false, reason: "wrongPassword" };
        }
        succeeded = true;
      } finally {
        await deps.throttle.finish(keys, succeeded);
      }
      const existing = await listPasskeysOfUser(db, owner.id);
      const challenge = await issueChallenge(db, "registration", owner.id, clock.now());
      const options = await generateRegistrationOptions({
        rpName: rp.name,
        rpID: rp.id,
        userName: owner.username,
        // The user handle an authenticator keeps: the account's UUID, no personal data.
        userID: new TextEncoder().encode(owner.id),
        userDisplayName: owner.displayName,
        challenge: challengeBytes(challenge),
        timeout: CEREMONY_TIMEOUT_MS,
        attestationType: "none",
        excludeCredentials: existing.map((p) => ({ id: p.credentialId, transports: transportsOf(p) })),
        authenticatorSelection: { residentKey: "preferred", userVerification: "required" },
        supportedAlgorithmIDs: SUPPORTED_ALGORITHMS,
      });
      return { ok: true, options };
    },

    /** Verifies the authenticator's answer to the challenge and stores the new passkey. */
    async register(
      owner: Owner,
      request: Static<typeof RegistrationRequestSchema>,
      client: ClientInfo,
    ): Promise<RegistrationResult> {
      if (!rp.available) return { ok: false, reason: "unavailable" };
      const name = checkPasskeyName(request.name);
      if (!name.ok) return { ok: false, reason: "invalidName", message: name.message };
      const challenge = challengeOf(request.response.response.clientDataJSON);
      const now = clock.now();
      if (challenge === undefined || !(await spendChallenge(db, challenge, "registration", owner.id, now))) {
        logger.info({ userId: owner.id }, "passkey registration refused: no live challenge");
        return { ok: false, reason: "challenge" };
      }
      let info: Awaited<ReturnType<typeof verifyRegistrationResponse>>["registrationInfo"];
      try {
        const verified = await verifyRegistrationResponse({
          response: request.response,
          expectedChallenge: challenge,
          expectedOrigin: rp.origin,
          expectedRPID: rp.id,
          requireUserVerification: true,
          supportedAlgorithmIDs: SUPPORTED_ALGORITHMS,
        });
        info = verified.registrationInfo;
      } catch (error) {
        logger.info({ userId: owner.id, refusal: refusalOf(error) }, "passkey registration refused");
      }
      if (info === undefined) return { ok: false, reason: "invalidResponse" };
      const transports = (request.response.response.transports ?? []).filter((t) => KNOWN_TRANSPORTS.has(t));
      const passkey: PasskeyRow = {
        id: newId("pk"),
        userId: owner.id,
        credentialId: info.credential.id,
        publicKey: Buffer.from(info.credential.publicKey).toString("base64url"),
        counter: info.credential.counter,
        transports: JSON.stringify(transports),
        deviceType: info.credentialDeviceType,
        backedUp: info.credentialBackedUp ? 1 : 0,
        name: name.name,
        createdAt: now.toISOString(),
        lastUsedAt: null,
      };
      const added = await db.transaction().execute(async (trx) => {
        if (!(await insertPasskey(trx, passkey))) return false;
        await recordAuditEvent(trx, {
          eventType: "User.PasskeyAddEvent",
          actor: actorOf(client, owner),
          timestamp: now,
          details: { passkeyId: passkey.id, name: passkey.name, deviceType: passkey.deviceType },
        });
        return true;
      });
      return added ? { ok: true, passkey } : { ok: false, reason: "alreadyRegistered" };
    },
  };
}

/** The registration procedures of one server. */
export type PasskeyRegistration = ReturnType<typeof createPasskeyRegistration>;

/** The transports stored with a passkey, as the browser reported them. */
export function transportsOf(passkey: PasskeyRow): string[] {
  const parsed: unknown = JSON.parse(passkey.transports);
  return Array.isArray(parsed) ? parsed.filter((t): t is string => typeof t === "string") : [];
}
