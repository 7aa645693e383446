/** Revocation rules and scope matching: what a rule covers, and what it refuses. */
import { describe, expect, it } from "vitest";
import { decideRevocationRule } from "../../src/domain/revocation-rule.js";
import { grantsAny, scopesGranting } from "../../src/domain/scope-match.js";

const now = new Date("2026-12-01T12:00:00.000Z");

describe("revocation rules", () => {
  it("matches every token that grants a scope, implications and Full access included", () => {
    const granting = scopesGranting("vso.code");
    expect(granting).toEqual(expect.arrayContaining(["vso.code", "vso.code_write", "vso.code_manage", "app_token"]));
    expect(granting).not.toContain("vso.work");
    expect(grantsAny(["vso.code_write"], ["vso.code"])).toBe(true);
    expect(grantsAny(["vso.code"], ["vso.code_write"])).toBe(false);
    // The Tokens area is outside Full access, so a Full access token does not "have" vso.pats.
    expect(scopesGranting("vso.pats")).toEqual(["vso.pats", "vso.pats_manage"]);
  });

  it("defaults createdBefore to now, and refuses future dates, bad dates and bad scopes", () => {
    const rule = decideRevocationRule("vso.code vso.code", undefined, now);
    expect(rule.ok && rule.value.scopes).toEqual(["vso.code"]);
    expect(rule.ok && rule.value.createdBefore.getTime()).toBe(now.getTime() + 1);
    const past = decideRevocationRule("vso.work", "2026-11-01T00:00:00Z", now);
    expect(past.ok && past.value.createdBefore.toISOString()).toBe("2026-11-01T00:00:00.000Z");
    const refusals = [
      decideRevocationRule(undefined, undefined, now),
      decideRevocationRule("  ", undefined, now),
      decideRevocationRule("vso.nothing", undefined, now),
      decideRevocationRule("vso.code", "2027-01-01T00:00:00Z", now),
      decideRevocationRule("vso.code", "yesterday", now),
      decideRevocationRule("vso.code", "2026-02-31T00:00:00Z", now),
    ];
    for (const refusal of refusals) expect(refusal.ok).toBe(false);
  });
});
