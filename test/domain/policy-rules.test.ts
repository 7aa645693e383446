/** The pure policy rules: how levels combine, what creation and use must obey, and how the CLI's words parse. */
import { describe, expect, it } from "vitest";
import { atUseRulesOf, decideCreation, decideUse, rulesActive } from "../../src/domain/policy-decisions.js";
import { assignmentsToInput, DEFAULT_POLICY, parsePolicyPatch, stricterOf } from "../../src/domain/policy-rules.js";

const DAY_MS = 24 * 60 * 60 * 1000;
const policy = (values: Partial<typeof DEFAULT_POLICY>) => ({ ...DEFAULT_POLICY, ...values });

describe("policy rules", () => {
  it("takes the stricter value of each key", () => {
    const effective = stricterOf(
      policy({
        maxPatLifespanDays: 90,
        restrictGlobalPatCreation: true,
        autoRevokeLeakedPats: false,
        revokeUnusedPatsAfterDays: null,
      }),
      policy({
        maxPatLifespanDays: 120,
        autoRevokeLeakedPats: true,
        revokeUnusedPatsAfterDays: 30,
        restrictPatCreation: true,
      }),
    );
    expect(effective).toMatchObject({
      maxPatLifespanDays: 90,
      restrictGlobalPatCreation: true,
      autoRevokeLeakedPats: true,
      revokeUnusedPatsAfterDays: 30,
      restrictPatCreation: true,
    });
    expect(
      stricterOf(policy({ autoRevokeLeakedPats: false }), policy({ autoRevokeLeakedPats: false })).autoRevokeLeakedPats,
    ).toBe(false);
  });

  it("decides creation against every place the token works, with the shortest maximum", () => {
    const scopes = [
      { orgName: null, values: policy({ maxPatLifespanDays: 60 }) },
      { orgName: "acme", values: policy({ maxPatLifespanDays: 20 }) },
    ];
    expect(decideCreation(scopes, { ownerId: "u", allOrgs: true, scopes: ["vso.code"] })).toEqual({
      ok: true,
      maxLifespanDays: 20,
    });
    expect(decideCreation([], { ownerId: "u", allOrgs: false, scopes: ["app_token"] })).toEqual({
      ok: true,
      maxLifespanDays: 365,
    });
    const listed = [{ orgName: "acme", values: policy({ restrictPatCreation: true, patCreationAllowList: ["u"] }) }];
    expect(decideCreation(listed, { ownerId: "u", allOrgs: false, scopes: ["vso.code"] }).ok).toBe(true);
    expect(decideCreation(listed, { ownerId: "v", allOrgs: false, scopes: ["vso.packaging"] })).toMatchObject({
      ok: false,
      error: "disablePatCreationPolicyViolation",
    });
  });

  it("refuses at use only what a rule names", () => {
    const token = { allOrgs: true, validFromMs: 0, validToMs: 40 * DAY_MS, scopes: ["vso.code"], owner: { id: "u" } };
    const none = atUseRulesOf(DEFAULT_POLICY, null);
    expect(rulesActive(none)).toBe(false);
    expect(decideUse(none, token, 1)).toBeUndefined();
    const retired = atUseRulesOf(policy({ retireGlobalPatsAt: new Date(10).toISOString() }), null);
    expect(decideUse(retired, token, 9)).toBeUndefined();
    expect(decideUse(retired, token, 10)?.reason).toBe("globalPatRetired");
    expect(decideUse(retired, { ...token, allOrgs: false }, 10)).toBeUndefined();
    const notEnforced = atUseRulesOf(policy({ maxPatLifespanDays: 30 }), null);
    expect(rulesActive(notEnforced)).toBe(false);
    const enforced = atUseRulesOf(policy({ maxPatLifespanDays: 30, enforceMaxLifespanAtUse: true }), "acme");
    expect(decideUse(enforced, token, 1)?.reason).toBe("patLifespanBeyondPolicy");
    expect(decideUse(enforced, { ...token, validToMs: 30 * DAY_MS }, 1)).toBeUndefined();
  });

  it("validates patches key by key, per level", () => {
    expect(parsePolicyPatch("instance", { maxPatLifespanDays: 30, retireGlobalPatsAt: "2026-12-01" })).toEqual({
      ok: true,
      patch: { maxPatLifespanDays: 30, retireGlobalPatsAt: "2026-12-01T00:00:00.000Z" },
    });
    expect(parsePolicyPatch("organization", { retireGlobalPatsAt: null })).toMatchObject({ ok: false });
    expect(parsePolicyPatch("instance", { retireGlobalPatsAt: "2026-12-01T10:00" })).toMatchObject({ ok: false });
    expect(parsePolicyPatch("instance", null)).toMatchObject({ ok: false });
  });

  it("reads the CLI's KEY=VALUE words as the JSON a PATCH carries", () => {
    expect(
      assignmentsToInput([
        "restrictPatCreation=true",
        "patCreationAllowList=a, b",
        "maxPatLifespanDays=none",
        "revokeUnusedPatsAfterDays=90",
      ]),
    ).toEqual({
      ok: true,
      input: {
        restrictPatCreation: true,
        patCreationAllowList: ["a", "b"],
        maxPatLifespanDays: null,
        revokeUnusedPatsAfterDays: 90,
      },
    });
    expect(assignmentsToInput(["patCreationAllowList="])).toEqual({ ok: true, input: { patCreationAllowList: [] } });
    expect(assignmentsToInput(["=1"])).toMatchObject({ ok: false });
  });
});
