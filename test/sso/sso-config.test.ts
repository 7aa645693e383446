/** PATINA_OIDC_* is validated at start: a bad value stops Patina with a message naming the variable. */
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";

const BASE = {
  PATINA_PUBLIC_URL: "https://patina.example.com/",
  PATINA_OIDC_ISSUER: "https://idp.example.com/realms/acme",
  PATINA_OIDC_CLIENT_ID: "patina",
  PATINA_OIDC_CLIENT_SECRET: "s3cret",
};

describe("single sign-on configuration", () => {
  it("is off without the variables, and on with all three", () => {
    expect(loadConfig({}).oidc).toBeNull();
    expect(loadConfig(BASE).oidc).toMatchObject({
      redirectUrl: "https://patina.example.com/_signin/oidc/callback",
      usernameClaim: "preferred_username",
      groupsClaim: null,
      label: "single sign-on",
      insecureLoopback: false,
    });
  });
  it("refuses some of the three, an http issuer off loopback, and a mapping without the groups claim", () => {
    expect(() => loadConfig({ PATINA_OIDC_ISSUER: BASE.PATINA_OIDC_ISSUER })).toThrow(
      /PATINA_OIDC_CLIENT_SECRET go together/,
    );
    expect(() => loadConfig({ ...BASE, PATINA_OIDC_ISSUER: "http://idp.example.com" })).toThrow(
      /PATINA_OIDC_ISSUER must start with https/,
    );
    expect(loadConfig({ ...BASE, PATINA_OIDC_ISSUER: "http://127.0.0.1:9000" }).oidc?.insecureLoopback).toBe(true);
    expect(() => loadConfig({ ...BASE, PATINA_OIDC_GROUP_ROLES: "devs=acme:admin" })).toThrow(
      /needs PATINA_OIDC_GROUPS_CLAIM/,
    );
    expect(() =>
      loadConfig({ ...BASE, PATINA_OIDC_GROUPS_CLAIM: "groups", PATINA_OIDC_GROUP_ROLES: "devs=acme:owner" }),
    ).toThrow(/PATINA_OIDC_GROUP_ROLES: a role is one of/);
    expect(() => loadConfig({ ...BASE, PATINA_OIDC_SCOPES: "profile email" })).toThrow(
      /must be space-separated scopes including openid/,
    );
  });
});
