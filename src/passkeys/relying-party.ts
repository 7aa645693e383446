/**
 * The WebAuthn relying party, derived from PATINA_PUBLIC_URL: its hostname is the RP ID (what a
 * passkey is bound to) and its origin the only origin a ceremony is accepted from, so a passkey
 * made for Patina cannot be phished by another site, nor replayed to Patina from one. WebAuthn
 * refuses IP addresses as RP IDs, so a public URL on an address means no passkeys at all.
 */
import { isIP } from "node:net";

/** Where passkeys are bound, or why there are none. */
export type RelyingParty =
  | { readonly available: true; readonly id: string; readonly origin: string; readonly name: string }
  | { readonly available: false };

/** The relying party of a public URL (already validated as http or https). */
export function relyingPartyOf(publicUrl: string, name: string): RelyingParty {
  const url = new URL(publicUrl);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host) !== 0) return { available: false };
  return { available: true, id: host, origin: url.origin, name };
}
