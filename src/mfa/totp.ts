/**
 * TOTP (RFC 6238) as authenticator apps speak it: SHA-1, 6 digits, 30-second steps, base32
 * secrets of 20 random bytes (otplib's defaults). A code is accepted for its own step and one
 * step either side (clock drift); which step it matched is returned so the caller can refuse a
 * second use of that step or any earlier one (replay), with one conditional update.
 */
import { generateSecret, generateURI, verify } from "otplib";

/** Seconds per step. */
export const TOTP_PERIOD_SECONDS = 30;

/** What a typed code must look like (spaces, as apps show "123 456", are dropped first). */
const CODE = /^\d{6}$/;

/** A new random secret (base32). */
export function newTotpSecret(): string {
  return generateSecret();
}

/** The `otpauth://` URI an authenticator app scans. */
export function totpUri(secret: string, accountName: string, issuer: string): string {
  return generateURI({ issuer, label: accountName, secret });
}

/** A typed code without its spaces, or undefined when it cannot be a code at all. */
export function normaliseTotpCode(typed: string): string | undefined {
  const code = typed.replace(/\s+/g, "");
  return CODE.test(code) ? code : undefined;
}

/** The time step a code matches at `nowMs` (±1 step), or undefined. */
export async function matchTotp(secret: string, typed: string, nowMs: number): Promise<number | undefined> {
  const token = normaliseTotpCode(typed);
  if (token === undefined) return undefined;
  const result = await verify({
    secret,
    token,
    epoch: Math.floor(nowMs / 1000),
    epochTolerance: TOTP_PERIOD_SECONDS,
  });
  // A TOTP result carries the step it matched (an HOTP one would not; this is always TOTP).
  return result.valid && "timeStep" in result ? result.timeStep : undefined;
}
