/** The relying party from PATINA_PUBLIC_URL, PATINA_WEBAUTHN_RP_NAME, and the passkey name rule. */
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config/config.js";
import { checkPasskeyName } from "../../src/domain/passkey-name.js";
import { relyingPartyOf } from "../../src/passkeys/relying-party.js";

describe("the relying party", () => {
  it("is the public URL's host name and origin", () => {
    expect(relyingPartyOf("https://patina.example.com/base", "Patina")).toEqual({
      available: true,
      id: "patina.example.com",
      origin: "https://patina.example.com",
      name: "Patina",
    });
    expect(relyingPartyOf("http://localhost:8080", "P")).toMatchObject({
      id: "localhost",
      origin: "http://localhost:8080",
    });
  });

  it("does not exist on an IP address, which WebAuthn refuses", () => {
    for (const url of ["http://127.0.0.1:8080", "https://10.0.0.5", "http://[::1]:8080", "https://[2001:db8::1]"]) {
      expect(relyingPartyOf(url, "Patina"), url).toEqual({ available: false });
    }
  });

  it("has the configured name, Patina by default, one short line", () => {
    expect(loadConfig({}).webauthnRpName).toBe("Patina");
    expect(loadConfig({ PATINA_WEBAUTHN_RP_NAME: " Acme tokens " }).webauthnRpName).toBe("Acme tokens");
    expect(() => loadConfig({ PATINA_WEBAUTHN_RP_NAME: "a\nb" })).toThrow(ConfigError);
    expect(() => loadConfig({ PATINA_WEBAUTHN_RP_NAME: "x".repeat(65) })).toThrow(/PATINA_WEBAUTHN_RP_NAME/);
  });
});

describe("a passkey's name", () => {
  it("is 1–64 characters on one line, trimmed", () => {
    expect(checkPasskeyName("  Work laptop ")).toEqual({ ok: true, name: "Work laptop" });
    expect(checkPasskeyName("   ").ok).toBe(false);
    expect(checkPasskeyName("x".repeat(65)).ok).toBe(false);
    expect(checkPasskeyName("a\tb").ok).toBe(false);
    expect(checkPasskeyName("x".repeat(64)).ok).toBe(true);
  });
});
