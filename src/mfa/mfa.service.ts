/**
 * The TOTP factor and recovery codes of local accounts (SPEC section 11a): enrolment (a secret
 * shown once, in effect only after a current code confirms it), verification with replay
 * protection, single-use recovery codes, removal. Throttling, proofs and audit are the callers'
 * (mfa-actions.ts, second-step.ts); this file owns the stored state and its conditional updates.
 *
 * Threats: a database dump (secrets sealed under the server secret, recovery codes keyed-hashed),
 * a shoulder-surfed or phished code used twice (the step is claimed once), two parallel uses of
 * one recovery code (one conditional update decides), enrolment replacing a working factor
 * unnoticed (a confirmed secret must be removed first, with a proof).
 */
import QRCode from "qrcode";
import type { Clock } from "../clock.js";
import type { Queryable } from "../db/query.js";
import { createSecretSealer } from "../security/sealed-secret.js";
import {
  useRecoveryCode as claimRecoveryCode,
  claimTotpStep,
  confirmTotp,
  countUnusedRecoveryCodes,
  deleteRecoveryCodes,
  deleteTotp,
  findTotp,
  putUnconfirmedTotp,
  replaceRecoveryCodes,
} from "./mfa.repository.js";
import { createRecoveryCodeHasher, newRecoveryCodes, normaliseRecoveryCode } from "./recovery-codes.js";
import { matchTotp, newTotpSecret, totpUri } from "./totp.js";

/** A started enrolment: the only time the secret leaves the server. */
export interface TotpEnrolment {
  readonly secret: string;
  readonly otpauthUri: string;
  /** The URI as a QR code, an SVG image in a data: URL. */
  readonly qrCodeDataUrl: string;
}

/** What the profile page shows. */
export interface MfaStatus {
  readonly totpEnabled: boolean;
  readonly recoveryCodesLeft: number;
}

/** Creates the service. */
export function createMfaService(deps: { db: Queryable; clock: Clock; serverSecret: Buffer; issuer: string }) {
  const { db, clock, issuer } = deps;
  const sealer = createSecretSealer(deps.serverSecret, "totp-secret");
  const hashCode = createRecoveryCodeHasher(deps.serverSecret);

  /** The secret of the user's TOTP row, if it opens (a changed server secret makes it unusable, not an error). */
  async function secretOf(userId: string, confirmed: boolean): Promise<string | undefined> {
    const row = await findTotp(db, userId);
    if (row === undefined || (row.confirmedAt !== null) !== confirmed) return undefined;
    return sealer.open(row.sealedSecret, userId);
  }

  async function issueRecoveryCodes(userId: string, trx: Queryable = db): Promise<string[]> {
    const codes = newRecoveryCodes();
    const hashes = codes.map((code) => hashCode(userId, normaliseRecoveryCode(code) ?? code));
    await replaceRecoveryCodes(trx, userId, hashes, clock.now().toISOString());
    return codes;
  }

  return {
    /** Whether the user has TOTP in effect, and how many recovery codes are left. */
    async status(userId: string): Promise<MfaStatus> {
      const row = await findTotp(db, userId);
      return { totpEnabled: row?.confirmedAt != null, recoveryCodesLeft: await countUnusedRecoveryCodes(db, userId) };
    },

    /** Whether the user has TOTP in effect. */
    async hasTotp(userId: string): Promise<boolean> {
      return (await findTotp(db, userId))?.confirmedAt != null;
    },

    /** Whether the user has an unused recovery code. */
    async hasRecoveryCodes(userId: string): Promise<boolean> {
      return (await countUnusedRecoveryCodes(db, userId)) > 0;
    },

    /** Starts (or restarts) enrolment with a new secret; refused while a confirmed one exists. */
    async begin(user: {
      id: string;
      username: string;
    }): Promise<{ ok: true; enrolment: TotpEnrolment } | { ok: false }> {
      const secret = newTotpSecret();
      const stored = await putUnconfirmedTotp(db, {
        userId: user.id,
        sealedSecret: sealer.seal(secret, user.id),
        createdAt: clock.now().toISOString(),
        confirmedAt: null,
        lastUsedStep: null,
      });
      if (!stored) return { ok: false };
      const otpauthUri = totpUri(secret, user.username, issuer);
      const svg = await QRCode.toString(otpauthUri, { type: "svg", margin: 2 });
      const qrCodeDataUrl = `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
      return { ok: true, enrolment: { secret, otpauthUri, qrCodeDataUrl } };
    },

    /** Confirms enrolment with a current code; the answer carries the first recovery codes (shown once). */
    async confirm(userId: string, code: string): Promise<{ ok: true; recoveryCodes: string[] } | { ok: false }> {
      const secret = await secretOf(userId, false);
      if (secret === undefined) return { ok: false };
      const step = await matchTotp(secret, code, clock.now().getTime());
      if (step === undefined) return { ok: false };
      if (!(await confirmTotp(db, userId, clock.now().toISOString(), step))) return { ok: false };
      return { ok: true, recoveryCodes: await issueRecoveryCodes(userId) };
    },

    /** True when the code is current and its step was not used before (the step is then used up). */
    async verifyTotp(userId: string, code: string): Promise<boolean> {
      const secret = await secretOf(userId, true);
      if (secret === undefined) return false;
      const step = await matchTotp(secret, code, clock.now().getTime());
      return step !== undefined && (await claimTotpStep(db, userId, step));
    },

    /** True when the code is one of the user's unused recovery codes (it is then used up). */
    async useRecoveryCode(userId: string, typed: string): Promise<boolean> {
      const code = normaliseRecoveryCode(typed);
      if (code === undefined) return false;
      return claimRecoveryCode(db, userId, hashCode(userId, code), clock.now().toISOString());
    },

    /** Replaces the user's recovery codes with ten new ones (shown once). */
    regenerateRecoveryCodes: (userId: string) => issueRecoveryCodes(userId),

    /** Removes TOTP and the recovery codes; true when TOTP was in effect. */
    async remove(userId: string): Promise<boolean> {
      const removed = await deleteTotp(db, userId);
      await deleteRecoveryCodes(db, userId);
      return removed;
    },
  };
}

/** The TOTP and recovery-code service of one process. */
export type MfaService = ReturnType<typeof createMfaService>;
