/**
 * Secrets Patina must read back (TOTP seeds) are stored sealed: AES-256-GCM under a key derived
 * from the server secret by HKDF-SHA-256 with a purpose label, so a database dump alone yields
 * nothing usable, and a key for one purpose cannot open another's data. The user id is bound in
 * as additional data: a sealed value copied onto another user's row does not open.
 *
 * Format: `v1.<iv>.<ciphertext>.<tag>`, each part base64url. Opening fails (undefined) on any
 * change, never with an exception that could carry the value.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

/** Seals and opens values for one purpose. */
export interface SecretSealer {
  seal(plaintext: string, boundTo: string): string;
  open(sealed: string, boundTo: string): string | undefined;
}

/** The sealer for a purpose (e.g. `totp-secret`), keyed from the server secret. */
export function createSecretSealer(serverSecret: Buffer, purpose: string): SecretSealer {
  const key = Buffer.from(hkdfSync("sha256", serverSecret, Buffer.alloc(0), `patina sealed ${purpose} v1`, 32));
  return {
    seal(plaintext, boundTo) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      cipher.setAAD(Buffer.from(boundTo, "utf8"));
      const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      return ["v1", iv, body, cipher.getAuthTag()]
        .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
        .join(".");
    },
    open(sealed, boundTo) {
      const [version, iv, body, tag] = sealed.split(".");
      if (version !== "v1" || iv === undefined || body === undefined || tag === undefined) return undefined;
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
        decipher.setAAD(Buffer.from(boundTo, "utf8"));
        decipher.setAuthTag(Buffer.from(tag, "base64url"));
        return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
      } catch {
        return undefined;
      }
    },
  };
}
