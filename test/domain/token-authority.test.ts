/** The pure authority rule over tokens: what each kind of acting credential may see and bring into being. */
import { describe, expect, it } from "vitest";
import { expandScopes } from "../../src/domain/scopes.js";
import {
  type ActingCredential,
  type AdministeringCredential,
  administeredTokens,
  decideAdminAuthority,
  decideAdministration,
  decideTokenAuthority,
  isAdministered,
  isVisible,
  type TokenShape,
  visibleTokens,
} from "../../src/domain/token-authority.js";

const token = (scopes: string[], targets: { allOrgs: boolean; targetOrgId: string | null }): ActingCredential => ({
  kind: "token",
  authorizationId: "a",
  ...targets,
  grants: expandScopes(scopes),
  fullAccess: scopes.includes("app_token"),
});
const acmeOnly = token(["vso.pats_manage", "vso.code_write"], { allOrgs: false, targetOrgId: "acme" });
const global = token(["vso.pats_manage", "vso.code"], { allOrgs: true, targetOrgId: null });
const member = { isAdmin: false };
const shape = (scopes: string[], orgId: string | null): TokenShape => ({ allOrgs: orgId === null, orgId, scopes });
const create = (acting: ActingCredential, result: TokenShape, owner = member) =>
  decideTokenAuthority(acting, owner, { kind: "create", result });
const errorOf = (decision: ReturnType<typeof create>) => (decision.ok ? "ok" : decision.error);

describe("token authority", () => {
  it("bounds a single-organization token by its organization and its expanded grants", () => {
    expect(errorOf(create(acmeOnly, shape(["vso.code"], "acme")))).toBe("ok");
    expect(errorOf(create(acmeOnly, shape(["vso.code_write", "vso.pats"], "acme")))).toBe("ok");
    expect(errorOf(create(acmeOnly, shape(["vso.code"], null)))).toBe("targetBeyondAuthority");
    expect(errorOf(create(acmeOnly, shape(["vso.code"], "beta")))).toBe("targetBeyondAuthority");
    expect(errorOf(create(acmeOnly, shape(["vso.code_manage"], "acme")))).toBe("scopeBeyondAuthority");
    expect(errorOf(create(acmeOnly, shape(["app_token"], "acme")))).toBe("scopeBeyondAuthority");
  });

  it("lets Full access only come from Full access", () => {
    const full = token(["app_token", "vso.pats_manage"], { allOrgs: false, targetOrgId: "acme" });
    expect(errorOf(create(full, shape(["app_token"], "acme")))).toBe("ok");
    expect(errorOf(create(full, shape(["vso.work_full"], "acme")))).toBe("ok");
    expect(errorOf(create(full, shape(["patina.introspect"], "acme"), { isAdmin: true }))).toBe("scopeBeyondAuthority");
  });

  it("lets a global token create global tokens within its scopes", () => {
    expect(errorOf(create(global, shape(["vso.code"], null)))).toBe("ok");
    expect(errorOf(create(global, shape(["vso.code_write"], null)))).toBe("scopeBeyondAuthority");
  });

  it("gives sessions, operators and the system the owner's full authority", () => {
    for (const kind of ["session", "operator", "system"] as const) {
      expect(errorOf(create({ kind }, shape(["app_token"], null)))).toBe("ok");
      expect(visibleTokens({ kind })).toEqual({ kind: "all" });
    }
  });

  it("keeps introspection tokens for instance administrators, whoever acts", () => {
    expect(errorOf(create({ kind: "operator" }, shape(["patina.introspect"], "acme")))).toBe(
      "introspectionRequiresAdmin",
    );
    expect(errorOf(create({ kind: "session" }, shape(["patina.introspect"], "acme"), { isAdmin: true }))).toBe("ok");
  });

  it("hides tokens of other organizations and global tokens from a single-organization token", () => {
    const visible = visibleTokens(acmeOnly);
    expect(visible).toEqual({ kind: "organization", orgId: "acme" });
    expect(isVisible(visible, { allOrgs: false, orgId: "acme" })).toBe(true);
    expect(isVisible(visible, { allOrgs: false, orgId: "beta" })).toBe(false);
    expect(isVisible(visible, { allOrgs: true, orgId: null })).toBe(false);
    for (const kind of ["get", "revoke"] as const) {
      const hidden = decideTokenAuthority(acmeOnly, member, { kind, token: { allOrgs: true, orgId: null } });
      expect(errorOf(hidden)).toBe("authorizationNotFound");
    }
    expect(isVisible(visibleTokens(global), { allOrgs: false, orgId: "beta" })).toBe(true);
  });

  it("judges an update or regeneration by the token it leaves behind, once the token is in sight", () => {
    const broad = shape(["vso.code_manage"], "acme");
    const update = (result: TokenShape) =>
      decideTokenAuthority(acmeOnly, member, { kind: "update", token: broad, result });
    expect(errorOf(update(broad))).toBe("scopeBeyondAuthority");
    expect(errorOf(update(shape(["vso.code"], "acme")))).toBe("ok");
    const regenerate = decideTokenAuthority(acmeOnly, member, { kind: "regenerate", token: broad, result: broad });
    expect(errorOf(regenerate)).toBe("scopeBeyondAuthority");
    const elsewhere = shape(["vso.code"], "beta");
    expect(
      errorOf(
        decideTokenAuthority(acmeOnly, member, {
          kind: "update",
          token: elsewhere,
          result: shape(["vso.code"], "acme"),
        }),
      ),
    ).toBe("authorizationNotFound");
  });

  describe("administration of other users' tokens", () => {
    const adminVia = (
      acting: ActingCredential,
      role: "reader" | "contributor" | "admin" = "admin",
    ): AdministeringCredential => ({
      kind: "orgAdmin",
      orgId: "acme",
      role,
      acting,
    });
    const adminToken = token(["vso.tokenadministration"], { allOrgs: false, targetOrgId: "acme" });
    const inAcme = { allOrgs: false, orgId: "acme", ownerIsMember: true };
    const inBeta = { allOrgs: false, orgId: "beta", ownerIsMember: true };
    const globalOfMember = { allOrgs: true, orgId: null, ownerIsMember: true };
    const globalOfStranger = { allOrgs: true, orgId: null, ownerIsMember: false };
    const adminError = (decision: ReturnType<typeof decideAdministration>) => (decision.ok ? "ok" : decision.error);

    it("admits organization admins only, and through a token only with vso.tokenadministration working there", () => {
      expect(adminError(decideAdministration(adminVia({ kind: "session" })))).toBe("ok");
      expect(adminError(decideAdministration(adminVia(adminToken)))).toBe("ok");
      expect(adminError(decideAdministration(adminVia({ kind: "session" }, "contributor")))).toBe(
        "notTokenAdministrator",
      );
      expect(adminError(decideAdministration(adminVia(adminToken, "reader")))).toBe("notTokenAdministrator");
      // Full access includes token administration (as in Azure DevOps); managing one's own tokens does not.
      const full = token(["app_token"], { allOrgs: false, targetOrgId: "acme" });
      expect(adminError(decideAdministration(adminVia(full)))).toBe("ok");
      const patsManage = token(["vso.pats_manage", "vso.code_manage"], { allOrgs: false, targetOrgId: "acme" });
      expect(adminError(decideAdministration(adminVia(patsManage)))).toBe("notTokenAdministrator");
      const elsewhere = token(["vso.tokenadministration"], { allOrgs: false, targetOrgId: "beta" });
      expect(adminError(decideAdministration(adminVia(elsewhere)))).toBe("notTokenAdministrator");
      const globalAdminToken = token(["vso.tokenadministration"], { allOrgs: true, targetOrgId: null });
      expect(adminError(decideAdministration(adminVia(globalAdminToken)))).toBe("ok");
      expect(administeredTokens(adminVia({ kind: "session" }, "contributor"))).toEqual({ kind: "none" });
    });

    it("lets an organization admin reach the organization's tokens and its members' global tokens, nothing else", () => {
      const admin = adminVia(adminToken);
      expect(administeredTokens(admin)).toEqual({ kind: "organization", orgId: "acme" });
      expect(adminError(decideAdminAuthority(admin, inAcme))).toBe("ok");
      expect(adminError(decideAdminAuthority(admin, globalOfMember))).toBe("ok");
      expect(adminError(decideAdminAuthority(admin, inBeta))).toBe("authorizationNotFound");
      expect(adminError(decideAdminAuthority(admin, globalOfStranger))).toBe("authorizationNotFound");
      expect(adminError(decideAdminAuthority(adminVia(adminToken, "contributor"), inAcme))).toBe(
        "notTokenAdministrator",
      );
    });

    it("gives the system everything, and the operator the instance or one organization", () => {
      expect(administeredTokens({ kind: "system" })).toEqual({ kind: "everything" });
      expect(administeredTokens({ kind: "operator", orgId: null })).toEqual({ kind: "everything" });
      const operator = administeredTokens({ kind: "operator", orgId: "acme" });
      expect(isAdministered(operator, inBeta)).toBe(false);
      expect(isAdministered(operator, globalOfMember)).toBe(true);
      for (const target of [inAcme, inBeta, globalOfStranger]) {
        expect(isAdministered({ kind: "everything" }, target)).toBe(true);
        expect(isAdministered({ kind: "none" }, target)).toBe(false);
      }
    });
  });
});
