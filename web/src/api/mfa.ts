/** Second factors: the sign-in's second step, TOTP enrolment and recovery codes. */
import { request, setCsrfToken } from "./http.ts";
import type { Session } from "./session.ts";

/** A correct password that still needs a second factor. */
export interface SecondFactorRequired {
  secondFactorRequired: true;
  methods: string[];
}

export interface MfaStatus {
  totpEnabled: boolean;
  recoveryCodesLeft: number;
  methods: string[];
  enrolmentRequired: boolean;
}

export interface TotpEnrolment {
  secret: string;
  otpauthUri: string;
  qrCodeDataUrl: string;
}

/** Finishes a sign-in with a code (`totp`) or a recovery code (`recovery`). */
export async function finishSignIn(method: string, code: string): Promise<Session> {
  const session = await request<Session>("POST", "/_apis/patina/session/second-factor", { method, code });
  setCsrfToken(session.csrfToken);
  return session;
}

export const getMfaStatus = () => request<MfaStatus>("GET", "/_apis/patina/mfa");
export const beginTotp = () => request<TotpEnrolment>("POST", "/_apis/patina/mfa/totp");
export const confirmTotp = (code: string) =>
  request<{ recoveryCodes: string[] }>("POST", "/_apis/patina/mfa/totp/confirm", { code });
export const removeTotp = (password: string) => request<void>("DELETE", "/_apis/patina/mfa/totp", { password });
