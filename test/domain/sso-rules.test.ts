/** The pure parts of single sign-on: which account a sign-in is, and what groups make of memberships. */
import { describe, expect, it } from "vitest";
import { desiredRoles, membershipChanges, parseGroupRoles } from "../../src/domain/group-roles.js";
import { decideAccount, identityOf } from "../../src/domain/sso-account.js";

describe("the account of a single sign-on", () => {
  const identity = identityOf(
    { sub: "s1", preferred_username: "Dana@corp.example", email: "dana@corp.example" },
    "preferred_username",
  );
  const facts = (id: string, isDisabled = false, linkedToIssuer = false) => ({ id, isDisabled, linkedToIssuer });

  it("reads the user name from the claim (the part before @, lower case)", () => {
    expect(identity).toEqual({ subject: "s1", username: "dana", email: "dana@corp.example", displayName: undefined });
  });
  it("prefers the link, then the named account, then creates one", () => {
    expect(decideAccount(identity, facts("u1"), facts("u2"))).toEqual({ ok: true, kind: "linked", userId: "u1" });
    expect(decideAccount(identity, undefined, facts("u2"))).toEqual({ ok: true, kind: "link", userId: "u2" });
    expect(decideAccount(identity, undefined, undefined)).toMatchObject({ ok: true, kind: "create", username: "dana" });
  });
  it("refuses disabled accounts, accounts linked to another identity, and identities without name or e-mail", () => {
    expect(decideAccount(identity, facts("u1", true), undefined)).toEqual({ ok: false, reason: "userDisabled" });
    expect(decideAccount(identity, undefined, facts("u2", true))).toEqual({ ok: false, reason: "userDisabled" });
    expect(decideAccount(identity, undefined, facts("u2", false, true))).toEqual({
      ok: false,
      reason: "identityConflict",
    });
    expect(decideAccount(identityOf({ sub: "s" }, "preferred_username"), undefined, undefined)).toEqual({
      ok: false,
      reason: "noUsername",
    });
    expect(
      decideAccount(identityOf({ sub: "s", preferred_username: "x" }, "preferred_username"), undefined, undefined),
    ).toEqual({
      ok: false,
      reason: "noEmail",
    });
  });
});

describe("the group → role mapping", () => {
  const parsed = parseGroupRoles("devs=acme:contributor, leads=acme:admin, CN=Ops=globex:reader");
  it("refuses what is not group=org:role", () => {
    expect(parseGroupRoles("devs=acme:owner")).toEqual({
      ok: false,
      message: "a role is one of reader, contributor, admin",
    });
    expect(parseGroupRoles("devs").ok).toBe(false);
  });
  it("gives the strongest mapped role per managed organization, and null where no group maps", () => {
    if (!parsed.ok) throw new Error(parsed.message);
    expect(Object.fromEntries(desiredRoles(parsed.entries, ["devs", "leads"]))).toEqual({
      acme: "admin",
      globex: null,
    });
  });
  it("adds, changes and removes only memberships of managed organizations", () => {
    if (!parsed.ok) throw new Error(parsed.message);
    const desired = desiredRoles(parsed.entries, ["devs"]);
    const current = new Map([
      ["globex", "reader" as const],
      ["other", "admin" as const],
    ]);
    expect(membershipChanges(desired, current)).toEqual([
      { kind: "add", org: "acme", role: "contributor" },
      { kind: "remove", org: "globex", previousRole: "reader" },
    ]);
  });
});
