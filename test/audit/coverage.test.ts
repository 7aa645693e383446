/**
 * What the audit log records, seen through the audit API: sign-ins (success and failure; an
 * unknown user name is not kept, as it may be a password typed in the wrong field), user,
 * membership and token changes, each in the right scope, and never a secret: no token value
 * and no password appears in any stored event or in any download.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { call } from "../support/test-app.js";
import { type AuditFixture, startAuditApp } from "./audit-fixture.js";

const PASSWORD = "correct horse battery staple";
const MISTYPED = "Tr0ub4dor&3-typed-as-username";

interface Entry {
  actionId: string;
  actorDisplayName: string;
  ipAddress: string;
  data: Record<string, unknown>;
  details: string;
}

describe.each(testDatabases())("audit coverage on $name", (database) => {
  let f: AuditFixture;
  const secrets: string[] = [PASSWORD, MISTYPED, "wrong password!"];

  const entries = async (path: string, token: string): Promise<Entry[]> => {
    const response = await call(f.t, "GET", `${path}?batchSize=1000`, { token });
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as { decoratedAuditLogEntries: Entry[] }).decoratedAuditLogEntries;
  };
  const signIn = (username: string, password: string) =>
    f.t.app.server.inject({ method: "POST", url: "/_apis/patina/session", payload: { username, password } });

  beforeAll(async () => {
    f = await startAuditApp(database);
    secrets.push(f.adminToken, f.readerToken, f.rootToken);
    await f.t.createUser("pam", { password: PASSWORD });
    await f.t.addMember("acme", "pam", "contributor");
    expect((await signIn("pam", PASSWORD)).statusCode).toBe(200);
    expect((await signIn("pam", "wrong password!")).statusCode).toBe(401);
    expect((await signIn(MISTYPED, PASSWORD)).statusCode).toBe(401);
    const manager = await f.t.mintToken("alice", { org: "acme", scope: "vso.pats_manage vso.code", days: 365 });
    secrets.push(manager.token);
    const created = await call(f.t, "POST", "/acme/_apis/tokens/pats", {
      token: manager.token,
      body: {
        displayName: "ci",
        scope: "vso.code",
        validTo: new Date(f.t.clock.now().getTime() + 86_400_000).toISOString(),
      },
    });
    const pat = created.json() as { patToken: { token: string; authorizationId: string } };
    secrets.push(pat.patToken.token);
    const regenerated = await call(
      f.t,
      "POST",
      `/acme/_apis/tokens/pats/regenerate?authorizationId=${pat.patToken.authorizationId}`,
      {
        token: manager.token,
      },
    );
    expect(regenerated.statusCode, regenerated.body).toBe(200);
    secrets.push((regenerated.json() as { patToken: { token: string } }).patToken.token);
    const revoked = await call(
      f.t,
      "DELETE",
      `/acme/_apis/tokens/pats?authorizationId=${pat.patToken.authorizationId}`,
      {
        token: manager.token,
      },
    );
    expect(revoked.statusCode).toBe(204);
  });
  afterAll(async () => f?.t.close());

  it("records sign-ins, successful and failed, on the instance's log, without the unknown name", async () => {
    const instance = await entries("/_apis/audit/auditlog", f.rootToken);
    const signIns = instance.filter((e) => e.actionId.startsWith("User.SignIn"));
    expect(signIns.map((e) => [e.actionId, e.actorDisplayName, e.data.reason ?? null])).toEqual([
      ["User.SignInFailedEvent", "anonymous", expect.any(String)],
      ["User.SignInFailedEvent", "pam", expect.any(String)],
      ["User.SignInEvent", "pam", null],
    ]);
    expect(signIns.every((e) => e.ipAddress === "127.0.0.1")).toBe(true);
    expect(signIns[0]?.details).toMatch(/^A sign-in with an unknown user name failed/);
    expect(instance.map((e) => e.actionId)).toContain("User.CreateEvent");
  });

  it("records memberships and the token lifecycle on the organization's log", async () => {
    const org = await entries("/acme/_apis/audit/auditlog", f.adminToken);
    const actions = org.map((e) => e.actionId);
    for (const action of [
      "Organization.CreateEvent",
      "Organization.MemberUpdateEvent",
      "Token.PatCreateEvent",
      "Token.PatRegenerateEvent",
      "Token.PatRevokeEvent",
    ]) {
      expect(actions, action).toContain(action);
    }
    const member = org.find((e) => e.actionId === "Organization.MemberUpdateEvent" && e.data.username === "pam");
    expect(member?.details).toBe('Set the role of "pam" to contributor.');
    const revoke = org.find((e) => e.actionId === "Token.PatRevokeEvent" && e.data.displayName === "ci");
    expect(revoke).toMatchObject({ actorDisplayName: "alice", details: 'Revoked personal access token "ci".' });
  });

  it("holds no token value and no password anywhere: rows, pages and downloads", async () => {
    const rows = JSON.stringify(await f.t.app.services.store.db.selectFrom("auditEvents").selectAll().execute());
    const downloads = await Promise.all(
      [
        ["/acme/_apis/audit/downloadlog?format=csv", f.adminToken],
        ["/acme/_apis/audit/downloadlog?format=json", f.adminToken],
        ["/_apis/audit/downloadlog?format=csv", f.rootToken],
      ].map(async ([path, token]) => (await call(f.t, "GET", path ?? "", { token })).body),
    );
    for (const secret of secrets) {
      expect(rows.includes(secret), "a secret in the audit rows").toBe(false);
      for (const body of downloads) expect(body.includes(secret), "a secret in a download").toBe(false);
    }
  });
});
