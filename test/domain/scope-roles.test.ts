/**
 * The scope picker's role hints (src/domain/scope-roles.ts) are data copied from the guards; this
 * checks the copy against the server itself: every guarded route that asks more than the reader
 * role, found from the running app as the security suite finds them, and the introspection rule.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCOPE_CATALOG } from "../../src/domain/scope-catalog.js";
import {
  ROLE_REQUIREMENTS,
  type RoleNeed,
  type RoleRequirement,
  unmetRoleRequirements,
} from "../../src/domain/scope-roles.js";
import { decideTokenAuthority, INTROSPECTION_SCOPE } from "../../src/domain/token-authority.js";
import type { ProtectedRoute } from "../../src/http/server.js";
import { testDatabases } from "../support/databases.js";
import { startTestApp, type TestApp } from "../support/test-app.js";

const key = (scope: string, needs: RoleNeed) => `${scope} needs ${needs}`;

/** What a guard asks beyond a member's reader role, as the data would say it. */
function needsOf(route: ProtectedRoute): string[] {
  const { scope, minRole, instanceAdmin } = route.requirement;
  if (scope === undefined) return [];
  const needs: string[] = [];
  if (minRole !== undefined && minRole !== "reader") needs.push(key(scope, minRole));
  if (instanceAdmin === true) needs.push(key(scope, "instanceAdmin"));
  return needs;
}

const dataKeys = (requirements: readonly RoleRequirement[]) => requirements.map((r) => key(r.scope, r.needs));

// The guards are the same on every database; one is enough to list them.
const sqlite = testDatabases().find((database) => database.name === "sqlite");

describe("role requirements of scopes", () => {
  let t: TestApp;
  let guarded: string[];

  beforeAll(async () => {
    if (sqlite === undefined) throw new Error("SQLite test database missing");
    t = await startTestApp(sqlite, { PATINA_METRICS: "token" });
    guarded = [...new Set(t.app.server.protectedRoutes.flatMap(needsOf))];
  });
  afterAll(async () => t?.close());

  it("lists every guard that asks more than the reader role", () => {
    expect(guarded).toContain(key("vso.code_write", "contributor"));
    expect(new Set(dataKeys(ROLE_REQUIREMENTS))).toEqual(
      new Set([...guarded, key(INTROSPECTION_SCOPE, "instanceAdmin")]),
    );
  });

  it("says introspection needs an instance administrator, as token authority decides", () => {
    const create = (isAdmin: boolean) =>
      decideTokenAuthority(
        { kind: "session" },
        { isAdmin },
        { kind: "create", result: { allOrgs: false, orgId: "org", scopes: [INTROSPECTION_SCOPE] } },
      );
    expect(create(false)).toMatchObject({ ok: false, error: "introspectionRequiresAdmin" });
    expect(create(true)).toMatchObject({ ok: true });
  });

  it("names only scopes of the catalog", () => {
    const known = new Set(
      SCOPE_CATALOG.flatMap((area) => [...area.levels, ...(area.separate ?? [])]).map((l) => l.scope),
    );
    for (const requirement of ROLE_REQUIREMENTS) expect(known).toContain(requirement.scope);
  });

  it("finds what a level offers beyond the user's role, higher levels included", () => {
    const reader = { role: "reader", isInstanceAdmin: false } as const;
    const actions = (scope: string, context: Parameters<typeof unmetRoleRequirements>[1]) =>
      unmetRoleRequirements(scope, context).map((requirement) => requirement.action);
    expect(actions("vso.code", reader)).toEqual([]);
    expect(actions("vso.code_write", reader)).toEqual(["pushing"]);
    expect(actions("vso.code_full", reader)).toEqual(["pushing", "creating repositories"]);
    expect(actions("vso.code_full", { role: "contributor", isInstanceAdmin: false })).toEqual([
      "creating repositories",
    ]);
    expect(actions("vso.code_full", { role: "admin", isInstanceAdmin: false })).toEqual([]);
    // An instance administrator is not an organization administrator by that alone.
    expect(actions("vso.auditlog", { role: "reader", isInstanceAdmin: true })).toEqual([
      "reading the organization's audit log",
    ]);
    expect(actions("vso.auditlog", { role: "admin", isInstanceAdmin: false })).toEqual([
      "reading the instance's audit log",
    ]);
  });
});
