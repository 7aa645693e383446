import { describe, expect, it } from "vitest";
import { SCOPE_CATALOG } from "../../src/domain/scope-catalog.js";
import { expandScopes, KNOWN_SCOPES, parseScopeString } from "../../src/domain/scopes.js";

describe("scopes", () => {
  it("parses space-separated scopes, dropping duplicates", () => {
    expect(parseScopeString("  vso.code   vso.project vso.code ")).toEqual({
      ok: true,
      scopes: ["vso.code", "vso.project"],
    });
  });

  it("rejects empty and unknown scopes", () => {
    expect(parseScopeString("   ")).toEqual({ ok: false, reason: "empty" });
    expect(parseScopeString("vso.code vso.bogus")).toEqual({ ok: false, reason: "unknown", unknown: ["vso.bogus"] });
    expect(parseScopeString("VSO.CODE").ok).toBe(false);
  });

  it("includes lower levels in higher ones, not the other way round", () => {
    const manage = expandScopes(["vso.code_manage"]);
    expect([...manage].sort()).toEqual(["vso.code", "vso.code_manage", "vso.code_write"]);
    expect(expandScopes(["vso.code"]).has("vso.code_write")).toBe(false);
    expect(expandScopes(["vso.code_full"]).has("vso.code_status")).toBe(true);
    expect(expandScopes(["vso.code_status"]).has("vso.code")).toBe(false);
  });

  it("gives app_token everything except the Tokens area", () => {
    const full = expandScopes(["app_token"]);
    expect(full.has("vso.work_full")).toBe(true);
    expect(full.has("vso.tokenadministration")).toBe(true);
    for (const scope of ["vso.pats", "vso.pats_manage", "patina.introspect"]) expect(full.has(scope)).toBe(false);
  });

  it("knows every scope of the catalog, and Project Analysis is an alias of Analytics", () => {
    for (const area of SCOPE_CATALOG) for (const level of area.levels) expect(KNOWN_SCOPES.has(level.scope)).toBe(true);
    const analysis = SCOPE_CATALOG.find((a) => a.name === "Project Analysis");
    expect(analysis?.levels[0]?.scope).toBe("vso.analytics");
  });
});
