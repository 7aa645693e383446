/** Passkeys: the signed-in user's list and changes, and signing in with one (Patina's own routes). */
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from "@simplewebauthn/browser";
import { request, setCsrfToken } from "./http.ts";
import type { Session } from "./session.ts";

export interface Passkey {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  /** The authenticator says the passkey is backed up (a password manager syncs it). */
  synced: boolean;
}

export interface PasskeyList {
  /** False when the server is reached by IP address: WebAuthn needs a domain name. */
  available: boolean;
  count: number;
  value: Passkey[];
}

const PASSKEYS_URL = "/_apis/patina/passkeys";

/** The signed-in user's passkeys. */
export function listPasskeys(): Promise<PasskeyList> {
  return request<PasskeyList>("GET", PASSKEYS_URL);
}

/** Begins adding a passkey: the current password, then the options for the browser. 403 when the password is wrong. */
export function registrationOptions(currentPassword: string): Promise<PublicKeyCredentialCreationOptionsJSON> {
  return request("POST", `${PASSKEYS_URL}/registration-options`, { currentPassword });
}

/** Finishes adding a passkey with the browser's answer. */
export function addPasskey(name: string, response: RegistrationResponseJSON): Promise<Passkey> {
  return request("POST", PASSKEYS_URL, { name, response });
}

/** Renames one of the user's passkeys. */
export function renamePasskey(id: string, name: string): Promise<Passkey> {
  return request("PATCH", `${PASSKEYS_URL}/${encodeURIComponent(id)}`, { name });
}

/** Removes one of the user's passkeys. */
export function removePasskey(id: string): Promise<void> {
  return request("DELETE", `${PASSKEYS_URL}/${encodeURIComponent(id)}`);
}

/** Whether this server offers passkey sign-in. */
export async function passkeySignInAvailable(): Promise<boolean> {
  return (await request<{ available: boolean }>("GET", "/_apis/patina/session/passkey")).available;
}

/** Options for a usernameless sign-in. */
export function signInOptions(): Promise<PublicKeyCredentialRequestOptionsJSON> {
  return request("POST", "/_apis/patina/session/passkey/options");
}

/** Signs in with the browser's answer; the server sets the session cookie. 401 when the passkey is refused. */
export async function signInWithPasskey(response: AuthenticationResponseJSON): Promise<Session> {
  const session = await request<Session>("POST", "/_apis/patina/session/passkey", { response });
  setCsrfToken(session.csrfToken);
  return session;
}
