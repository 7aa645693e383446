import { describe, expect, it } from "vitest";
import { parseAuthorizationHeader } from "../../src/auth/credentials.js";
import { checkApiVersion, requestedApiVersion } from "../../src/http/api-version.js";

const b64 = (text: string) => Buffer.from(text).toString("base64");

describe("Authorization header", () => {
  it("takes the password of Basic, whatever the user name", () => {
    expect(parseAuthorizationHeader(`Basic ${b64(":tok")}`)).toEqual({ ok: true, token: "tok" });
    expect(parseAuthorizationHeader(`basic ${b64("me@x:tok:with:colons")}`)).toEqual({
      ok: true,
      token: "tok:with:colons",
    });
    expect(parseAuthorizationHeader("Bearer tok")).toEqual({ ok: true, token: "tok" });
    expect(parseAuthorizationHeader(`Basic ${b64("jürgen 🦊:tok")}`)).toEqual({ ok: true, token: "tok" });
  });

  it("takes a token-shaped user name when the password is empty, or a bare token-shaped value", () => {
    const TOKEN = "patina_token-shaped";
    const isTokenShaped = (candidate: string) => candidate === TOKEN;
    expect(parseAuthorizationHeader(`Basic ${b64(`${TOKEN}:`)}`, isTokenShaped)).toEqual({ ok: true, token: TOKEN });
    expect(parseAuthorizationHeader(`Basic ${b64(TOKEN)}`, isTokenShaped)).toEqual({ ok: true, token: TOKEN });
    // The password still wins when there is one; a plain user name is no credential.
    expect(parseAuthorizationHeader(`Basic ${b64(`${TOKEN}:pw`)}`, isTokenShaped)).toEqual({ ok: true, token: "pw" });
    expect(parseAuthorizationHeader(`Basic ${b64("alice:")}`, isTokenShaped)).toEqual({
      ok: false,
      reason: "emptyToken",
    });
    expect(parseAuthorizationHeader(`Basic ${b64("alice")}`, isTokenShaped)).toEqual({
      ok: false,
      reason: "malformedBasic",
    });
  });

  it("names each malformed case", () => {
    expect(parseAuthorizationHeader(undefined)).toEqual({ ok: false, reason: "missing" });
    expect(parseAuthorizationHeader("Basic")).toEqual({ ok: false, reason: "unsupportedScheme" });
    expect(parseAuthorizationHeader("Basic ***")).toEqual({ ok: false, reason: "malformedBasic" });
    expect(parseAuthorizationHeader(`Basic ${b64("no-colon")}`)).toEqual({ ok: false, reason: "malformedBasic" });
    expect(parseAuthorizationHeader(`Basic ${b64("user:")}`)).toEqual({ ok: false, reason: "emptyToken" });
    expect(parseAuthorizationHeader("Digest x")).toEqual({ ok: false, reason: "unsupportedScheme" });
    expect(parseAuthorizationHeader(`Basic ${"A".repeat(2000)}`)).toEqual({ ok: false, reason: "malformedBasic" });
  });
});

describe("api-version", () => {
  it("reads the query first, then the Accept header the official client sends", () => {
    expect(requestedApiVersion("7.1", "application/json;api-version=5.0")).toBe("7.1");
    expect(requestedApiVersion(undefined, "application/json;api-version=7.1-preview.1")).toBe("7.1-preview.1");
    expect(requestedApiVersion(undefined, "application/json")).toBeUndefined();
  });

  it("accepts known versions, and a missing one only on reads", () => {
    for (const version of ["7.1", "7.1-preview.1", "7.2-preview", "6.0", "1.0"]) {
      expect(checkApiVersion("POST", version).ok, version).toBe(true);
    }
    expect(checkApiVersion("GET", undefined).ok).toBe(true);
    expect(checkApiVersion("POST", undefined)).toMatchObject({ ok: false, code: "apiVersionMissing" });
    expect(checkApiVersion("GET", "7.3")).toMatchObject({ ok: false, code: "apiVersionOutOfRange" });
    expect(checkApiVersion("GET", "0.9")).toMatchObject({ ok: false, code: "apiVersionOutOfRange" });
    expect(checkApiVersion("GET", "latest")).toMatchObject({ ok: false, code: "apiVersionInvalid" });
  });
});
