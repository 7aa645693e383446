/**
 * Changing repositories through the REST API: delete (204; gone for GET and for git, folder
 * removed, audited, racing deletes delete once), rename (200; git follows the new name, 409 for
 * a taken name, racing renames never lose one), refs after a real push (filter, filterContains,
 * $top, continuation), `includeAllUrls` and `isFork`, and the locations clients discover them by.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_ACTOR } from "../../src/audit/audit-log.js";
import { deleteRepositoryRecord, renameRepositoryRecord } from "../../src/git/repository-changes.js";
import { testDatabases } from "../support/databases.js";
import { call } from "../support/test-app.js";
import { type GitApp, startGitApp } from "./git-app.js";
import { createGitSandbox, type GitSandbox, NO_HELPER } from "./git-client.js";

const REPOS = "/acme/web/_apis/git/repositories";
type Repo = { id: string; name: string; url: string; remoteUrl: string };
type AuditDetails = { repositoryId?: string; name?: string; oldName?: string };

describe.each(testDatabases())("changing repositories on $name", (database) => {
  let g: GitApp;
  let sandbox: GitSandbox;
  let manager: string;
  let reader: string;
  let writer: string;
  let projectId: string;
  let work: string;
  let firstCommit: string;

  const create = async (name: string): Promise<Repo> => {
    const response = await call(g.t, "POST", REPOS, { token: manager, body: { name } });
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  };
  const push = async (name: string, ...refspecs: string[]) => {
    const pushed = await sandbox.git([...NO_HELPER, "push", g.url(`acme/web/_git/${name}`, writer), ...refspecs], {
      cwd: work,
    });
    expect(pushed.code, pushed.stderr).toBe(0);
  };
  const clone = async (name: string) => {
    const dest = sandbox.dir(name);
    return { dest, ...(await sandbox.git([...NO_HELPER, "clone", g.url(`acme/web/_git/${name}`, reader), dest])) };
  };
  const auditEvents = async (eventType: string, repositoryId: string) => {
    const rows = await g.t.app.services.store.db
      .selectFrom("auditEvents")
      .selectAll()
      .where("eventType", "=", eventType)
      .execute();
    return rows
      .map((row) => ({ actorName: row.actorName, details: JSON.parse(row.details) as AuditDetails }))
      .filter((event) => event.details.repositoryId === repositoryId);
  };

  beforeAll(async () => {
    g = await startGitApp(database);
    sandbox = createGitSandbox();
    manager = (await g.t.mintToken("alice", { org: "acme", scope: "vso.code_manage" })).token;
    reader = (await g.t.mintToken("rita", { org: "acme", scope: "vso.code" })).token;
    writer = (await g.t.mintToken("carol", { org: "acme", scope: "vso.code_write" })).token;
    const project = await call(g.t, "GET", "/acme/_apis/projects/web", {
      token: (await g.t.mintToken("alice", { org: "acme", scope: "vso.project" })).token,
    });
    projectId = project.json().id;
    work = sandbox.dir("work");
    await sandbox.gitOk(["init", "-q", "-b", "main", work]);
    firstCommit = await sandbox.commit(work, { "README.md": "# changes\n" }, "first");
  });
  afterAll(async () => {
    sandbox?.remove();
    await g?.t.close();
  });

  it("deletes a repository: 204, then 404 for GET and for git, its folder gone, audited", async () => {
    const repo = await create("doomed");
    await push("doomed", "main");
    expect((await clone("doomed")).code).toBe(0);
    const found = await g.repositories.find(await acmeId(g), "web", "doomed");
    if (!found.ok) throw new Error(found.message);
    const dir = g.repositories.pathOf(found.value.repository);
    expect(fs.existsSync(dir)).toBe(true);

    const deleted = await call(g.t, "DELETE", `${REPOS}/${repo.id}`, { token: manager });
    expect(deleted.statusCode, deleted.body).toBe(204);
    expect(deleted.body).toBe("");

    for (const url of [`${REPOS}/${repo.id}`, `${REPOS}/doomed`, `/acme/_apis/git/repositories/${repo.id}`]) {
      const response = await call(g.t, "GET", url, { token: reader });
      expect(response.statusCode, url).toBe(404);
      expect(response.json()).toMatchObject({ $id: "1", typeKey: "VssResourceNotFoundException" });
    }
    const listed = await call(g.t, "GET", REPOS, { token: reader });
    expect(listed.json().value.map((r: Repo) => r.name)).not.toContain("doomed");
    // Nothing left on disk: neither the folder nor the copy moved aside while the row was deleted.
    expect(fs.existsSync(dir)).toBe(false);
    expect(fs.readdirSync(path.dirname(dir)).filter((entry) => entry.startsWith(repo.id))).toEqual([]);
    const cloned = await clone("doomed");
    expect(cloned.code).not.toBe(0);
    expect(cloned.stderr).toMatch(/not found/i);

    const events = await auditEvents("Git.RepositoryDeleted", repo.id);
    expect(events).toEqual([{ actorName: "alice", details: expect.objectContaining({ name: "doomed" }) }]);
    // The name is free again, for a new, empty repository.
    const again = await create("doomed");
    expect(again.id).not.toBe(repo.id);
  });

  it("deletes by id across the organization, as deleteRepository(id) without a project calls it", async () => {
    const repo = await create("org-wide");
    const deleted = await call(g.t, "DELETE", `/acme/_apis/git/repositories/${repo.id.toUpperCase()}`, {
      token: manager,
    });
    expect(deleted.statusCode, deleted.body).toBe(204);
    expect((await call(g.t, "GET", `${REPOS}/${repo.id}`, { token: reader })).statusCode).toBe(404);
  });

  it("refuses deleting and renaming without vso.code_manage, or by a non-admin, with 403; the repository stays", async () => {
    const repo = await create("kept");
    const adminWriter = (await g.t.mintToken("alice", { org: "acme", scope: "vso.code_write" })).token;
    const contributor = (await g.t.mintToken("carol", { org: "acme", scope: "vso.code_manage" })).token;
    const fullAccessReader = (await g.t.mintToken("rita", { org: "acme", scope: "app_token" })).token;
    for (const token of [adminWriter, contributor, fullAccessReader, reader]) {
      const deleted = await call(g.t, "DELETE", `${REPOS}/${repo.id}`, { token });
      expect(deleted.statusCode).toBe(403);
      const renamed = await call(g.t, "PATCH", `${REPOS}/${repo.id}`, { token, body: { name: "taken-over" } });
      expect(renamed.statusCode).toBe(403);
    }
    const still = await call(g.t, "GET", `${REPOS}/${repo.id}`, { token: reader });
    expect(still.json().name).toBe("kept");
  });

  it("answers an unknown id, or another project's or organization's repository, with 404, and a name with 400", async () => {
    const app = await call(g.t, "GET", `${REPOS}/app`, { token: reader });
    const appId: string = app.json().id;
    await g.t.createProject("acme", "docs");
    const betaId = (
      await g.t.app.services.store.db
        .selectFrom("organizations")
        .select("id")
        .where("name", "=", "beta")
        .executeTakeFirstOrThrow()
    ).id;
    const secret = await g.repositories.find(betaId, "other", "secret");
    if (!secret.ok) throw new Error(secret.message);
    const missing = [
      `${REPOS}/00000000-0000-4000-8000-000000000000`,
      `/acme/docs/_apis/git/repositories/${appId}`,
      `${REPOS}/${secret.value.repository.id}`,
      `/acme/_apis/git/repositories/${secret.value.repository.id}`,
    ];
    for (const url of missing) {
      for (const [method, body] of [
        ["DELETE", undefined],
        ["PATCH", { name: "stolen" }],
      ] as const) {
        const response = await call(g.t, method, url, { token: manager, body });
        expect(response.statusCode, `${method} ${url}`).toBe(404);
        expect(response.json()).toMatchObject({ $id: "1", typeKey: "VssResourceNotFoundException", eventId: 3000 });
      }
    }
    const unknownProject = await call(g.t, "DELETE", `/acme/nope/_apis/git/repositories/${appId}`, { token: manager });
    expect(unknownProject.statusCode).toBe(404);
    for (const name of ["app", "<b>bold</b>"]) {
      const url = `${REPOS}/${encodeURIComponent(name)}`;
      const response = await call(g.t, "DELETE", url, { token: manager });
      expect(response.statusCode, name).toBe(400);
      expect(response.json()).toMatchObject({ $id: "1", typeKey: "InvalidArgumentValueException" });
      expect(response.json().message).not.toContain(name);
    }
    expect((await call(g.t, "GET", `${REPOS}/app`, { token: reader })).statusCode).toBe(200);
    expect(await g.repositories.find(betaId, "other", "secret")).toMatchObject({ ok: true });
  });

  it("deletes once when deletes race: one 204, the others 404, one audit event", async () => {
    const repo = await create("raced");
    const statuses = await Promise.all(
      Array.from({ length: 6 }, () => call(g.t, "DELETE", `${REPOS}/${repo.id}`, { token: manager })),
    );
    expect(statuses.map((r) => r.statusCode).sort()).toEqual([204, 404, 404, 404, 404, 404]);
    expect(await auditEvents("Git.RepositoryDeleted", repo.id)).toHaveLength(1);
    expect((await call(g.t, "GET", `${REPOS}/${repo.id}`, { token: reader })).statusCode).toBe(404);
  });

  it("renames: 200 with the repository under its new name; git clones the new name, the old one is 404", async () => {
    const repo = await create("before");
    await push("before", "main");
    const renamed = await call(g.t, "PATCH", `${REPOS}/${repo.id}`, { token: manager, body: { name: "after" } });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toEqual({
      ...(await call(g.t, "GET", `${REPOS}/${repo.id}`, { token: reader })).json(),
      id: repo.id,
      name: "after",
      url: repo.url,
      remoteUrl: `${g.base}/acme/web/_git/after`,
      webUrl: `${g.base}/acme/web/_git/after`,
      isFork: false,
    });
    expect((await call(g.t, "GET", `${REPOS}/before`, { token: reader })).statusCode).toBe(404);
    expect((await call(g.t, "GET", `${REPOS}/after`, { token: reader })).json().id).toBe(repo.id);

    const cloned = await clone("after");
    expect(cloned.code, cloned.stderr).toBe(0);
    expect((await sandbox.gitOk(["rev-parse", "HEAD"], { cwd: cloned.dest })).stdout.trim()).toBe(firstCommit);
    const old = await clone("before");
    expect(old.code).not.toBe(0);
    expect(old.stderr).toMatch(/not found/i);

    expect(await auditEvents("Git.RepositoryRenamed", repo.id)).toEqual([
      { actorName: "alice", details: expect.objectContaining({ oldName: "before", name: "after" }) },
    ]);
    // A change of case only is a rename too; the same name again changes nothing.
    const recased = await call(g.t, "PATCH", `/acme/_apis/git/repositories/${repo.id}`, {
      token: manager,
      body: { name: "After" },
    });
    expect(recased.json().name).toBe("After");
    const same = await call(g.t, "PATCH", `${REPOS}/${repo.id}`, { token: manager, body: { name: " After " } });
    expect(same.statusCode).toBe(200);
    expect(await auditEvents("Git.RepositoryRenamed", repo.id)).toHaveLength(2);
  });

  it("refuses a taken name (any case) with 409 without repeating it, bad names and other changes with 400", async () => {
    const repo = await create("renamable");
    for (const name of ["APP", "app", " App "]) {
      const response = await call(g.t, "PATCH", `${REPOS}/${repo.id}`, { token: manager, body: { name } });
      expect(response.statusCode, name).toBe(409);
      expect(response.json()).toMatchObject({ $id: "1", typeKey: "VssResourceAlreadyExistsException" });
      expect(response.json().message).toMatch(/^TF400948: A Git repository with this name already exists/);
      expect(response.json().message.toLowerCase()).not.toContain("app");
    }
    for (const name of ["", "..", "a/b", "_hidden", "x".repeat(65), "a\u0001b", "CON", "a%2Fb"]) {
      const response = await call(g.t, "PATCH", `${REPOS}/${repo.id}`, { token: manager, body: { name } });
      expect(response.statusCode, JSON.stringify(name)).toBe(400);
      expect(response.json()).toMatchObject({ $id: "1", eventId: 3000 });
    }
    const sameBranch = await call(g.t, "PATCH", `${REPOS}/${repo.id}`, {
      token: manager,
      body: { name: "renamed-too", defaultBranch: "refs/heads/main" },
    });
    expect(sameBranch.statusCode, sameBranch.body).toBe(200);
    expect(sameBranch.json()).toMatchObject({ name: "renamed-too", defaultBranch: "refs/heads/main" });
    for (const body of [{ defaultBranch: "refs/heads/dev" }, { name: "other", defaultBranch: "refs/heads/dev" }]) {
      const response = await call(g.t, "PATCH", `${REPOS}/${repo.id}`, { token: manager, body });
      expect(response.statusCode).toBe(400);
      expect(response.json().message).toMatch(/default branch/);
    }
    const disable = await call(g.t, "PATCH", `${REPOS}/${repo.id}`, { token: manager, body: { isDisabled: true } });
    expect(disable.statusCode).toBe(400);
    const unversioned = await call(g.t, "PATCH", `${REPOS}/${repo.id}`, {
      token: manager,
      body: { name: "v" },
      apiVersion: null,
    });
    expect(unversioned.statusCode).toBe(400);
    expect((await call(g.t, "GET", `${REPOS}/${repo.id}`, { token: reader })).json().name).toBe("renamed-too");
  });

  it("never loses a rename when renames race: the ones that succeed form one chain, the others get 409", async () => {
    const repo = await create("contested");
    const names = Array.from({ length: 8 }, (_, i) => `contested-${i}`);
    const responses = await Promise.all(
      names.map((name) => call(g.t, "PATCH", `${REPOS}/${repo.id}`, { token: manager, body: { name } })),
    );
    const statuses = responses.map((r) => r.statusCode);
    expect(
      statuses.every((status) => status === 200 || status === 409),
      String(statuses),
    ).toBe(true);
    const won = responses.filter((r) => r.statusCode === 200).map((r) => r.json().name as string);
    expect(won.length).toBeGreaterThan(0);
    for (const lost of responses.filter((r) => r.statusCode === 409)) {
      expect(lost.json().message).toMatch(/another request/);
    }
    // Each successful rename started from the name the previous one left: a chain from the
    // first name to the current one, with every step audited once.
    const events = (await auditEvents("Git.RepositoryRenamed", repo.id)).map((e) => e.details);
    expect(events.map((e) => e.name).sort()).toEqual([...won].sort());
    let current = "contested";
    for (let step = 0; step < events.length; step++) {
      const next = events.filter((e) => e.oldName === current);
      expect(next, `renames from ${current}`).toHaveLength(1);
      current = next[0]?.name ?? "";
    }
    expect((await call(g.t, "GET", `${REPOS}/${repo.id}`, { token: reader })).json().name).toBe(current);
  });

  it("writes conditionally: a rename or delete from a stale read changes nothing", async () => {
    const repo = await create("stale");
    const read = await g.repositories.find(await acmeId(g), "web", repo.id);
    if (!read.ok) throw new Error(read.message);
    const stale = read.value.repository;
    const renamed = await call(g.t, "PATCH", `${REPOS}/${repo.id}`, { token: manager, body: { name: "fresh" } });
    expect(renamed.statusCode).toBe(200);
    const { store, clock } = g.t.app.services;
    const deps = { db: store.db, clock, root: g.repositories.root };
    expect(await renameRepositoryRecord(deps, CLI_ACTOR, stale, "stale-again")).toBe("changedMeanwhile");
    expect((await call(g.t, "GET", `${REPOS}/${repo.id}`, { token: reader })).json().name).toBe("fresh");
    expect((await call(g.t, "DELETE", `${REPOS}/${repo.id}`, { token: manager })).statusCode).toBe(204);
    expect(await renameRepositoryRecord(deps, CLI_ACTOR, stale, "stale-again")).toBe("gone");
    expect(await deleteRepositoryRecord(deps, CLI_ACTOR, stale)).toBe(false);
    expect(await auditEvents("Git.RepositoryDeleted", repo.id)).toHaveLength(1);
  });

  it("lets a delete win over a rename racing it", async () => {
    const repo = await create("short-lived");
    const [renamed, deleted] = await Promise.all([
      call(g.t, "PATCH", `${REPOS}/${repo.id}`, { token: manager, body: { name: "longer-lived" } }),
      call(g.t, "DELETE", `${REPOS}/${repo.id}`, { token: manager }),
    ]);
    expect(deleted?.statusCode).toBe(204);
    expect([200, 404]).toContain(renamed?.statusCode);
    expect((await call(g.t, "GET", `${REPOS}/${repo.id}`, { token: reader })).statusCode).toBe(404);
    expect((await call(g.t, "GET", `${REPOS}/longer-lived`, { token: reader })).statusCode).toBe(404);
  });

  it("lists refs after a real push, sorted by name, with filter, filterContains, $top and continuation", async () => {
    const repo = await create("refs");
    const refsOf = async (query: string, token = reader) =>
      call(g.t, "GET", `${REPOS}/${repo.id}/refs${query}`, { token });
    const empty = await refsOf("");
    expect(empty.statusCode, empty.body).toBe(200);
    expect(empty.json()).toEqual({ count: 0, value: [] });

    await sandbox.gitOk(["branch", "-f", "feature/calc"], { cwd: work });
    await sandbox.gitOk(["branch", "-f", "feature/replacer"], { cwd: work });
    await sandbox.gitOk(["tag", "-f", "v1"], { cwd: work });
    await sandbox.gitOk(["tag", "-f", "-a", "-m", "release 2", "v2"], { cwd: work });
    const annotated = (await sandbox.gitOk(["rev-parse", "v2"], { cwd: work })).stdout.trim();
    await push("refs", "main", "feature/calc", "feature/replacer", "v1", "v2");

    const all = await refsOf("");
    expect(all.headers["x-ms-continuationtoken"]).toBeUndefined();
    const refsUrl = `${g.base}/acme/${projectId}/_apis/git/repositories/${repo.id}/refs`;
    expect(all.json()).toEqual({
      count: 5,
      value: [
        { name: "refs/heads/feature/calc", objectId: firstCommit, url: `${refsUrl}?filter=heads%2Ffeature%2Fcalc` },
        {
          name: "refs/heads/feature/replacer",
          objectId: firstCommit,
          url: `${refsUrl}?filter=heads%2Ffeature%2Freplacer`,
        },
        { name: "refs/heads/main", objectId: firstCommit, url: `${refsUrl}?filter=heads%2Fmain` },
        { name: "refs/tags/v1", objectId: firstCommit, url: `${refsUrl}?filter=tags%2Fv1` },
        { name: "refs/tags/v2", objectId: annotated, url: `${refsUrl}?filter=tags%2Fv2` },
      ],
    });
    const names = async (query: string) => (await refsOf(query)).json().value.map((r: { name: string }) => r.name);
    expect(await names("?filter=heads/")).toEqual([
      "refs/heads/feature/calc",
      "refs/heads/feature/replacer",
      "refs/heads/main",
    ]);
    expect(await names("?filter=tags/")).toEqual(["refs/tags/v1", "refs/tags/v2"]);
    expect(await names("?filter=heads/feature/re")).toEqual(["refs/heads/feature/replacer"]);
    expect(await names("?filterContains=REPLACER")).toEqual(["refs/heads/feature/replacer"]);
    expect(await names("?filter=heads/&filterContains=feature")).toHaveLength(2);
    expect(await names("?filter=nothing/")).toEqual([]);

    const peeled = await refsOf("?filter=tags/&peelTags=true");
    expect(peeled.json().value.map((r: { peeledObjectId?: string }) => r.peeledObjectId)).toEqual([
      undefined,
      firstCommit,
    ]);

    // Pages of two: the header names where the next page starts, the last page has none.
    const pages: string[][] = [];
    let token: string | undefined;
    do {
      const query = `?$top=2${token === undefined ? "" : `&continuationToken=${encodeURIComponent(token)}`}`;
      const page = await refsOf(query);
      expect(page.statusCode, page.body).toBe(200);
      pages.push(page.json().value.map((r: { name: string }) => r.name));
      token = page.headers["x-ms-continuationtoken"] as string | undefined;
    } while (token !== undefined && pages.length < 10);
    expect(pages).toEqual([
      ["refs/heads/feature/calc", "refs/heads/feature/replacer"],
      ["refs/heads/main", "refs/tags/v1"],
      ["refs/tags/v2"],
    ]);
    expect(await names(`?continuationToken=${encodeURIComponent("refs/heads/main")}`)).toEqual([
      "refs/heads/main",
      "refs/tags/v1",
      "refs/tags/v2",
    ]);

    // By name in the project and by id across the organization, as getRepository allows.
    expect((await call(g.t, "GET", `${REPOS}/refs/refs`, { token: reader })).json().count).toBe(5);
    expect(
      (await call(g.t, "GET", `/acme/_apis/git/repositories/${repo.id}/refs`, { token: reader })).json().count,
    ).toBe(5);

    for (const bad of ["?continuationToken=bogus", "?includeMyBranches=true", "?$top=two"]) {
      const response = await refsOf(bad);
      expect(response.statusCode, bad).toBe(400);
      expect(response.json()).toMatchObject({ $id: "1", eventId: 3000 });
    }
    const unrelated = (await g.t.mintToken("alice", { org: "acme", scope: "vso.project" })).token;
    expect((await refsOf("", unrelated)).statusCode).toBe(403);
    const unknown = await call(g.t, "GET", `${REPOS}/00000000-0000-4000-8000-000000000000/refs`, { token: reader });
    expect(unknown.statusCode).toBe(404);
  });

  it("lists refs within the git process limit: with every slot taken, 503 with Retry-After", async () => {
    const limited = await startGitApp(database, { PATINA_GIT_MAX_PROCESSES: "1", PATINA_GIT_QUEUE_TIMEOUT_MS: "200" });
    try {
      const token = (await limited.t.mintToken("rita", { org: "acme", scope: "vso.code" })).token;
      const url = `${REPOS}/app/refs`;
      const release = await limited.t.app.services.gitSlots.acquire(0);
      if (release === undefined) throw new Error("no free slot");
      const busy = await call(limited.t, "GET", url, { token });
      expect(busy.statusCode).toBe(503);
      expect(busy.headers["retry-after"]).toBe("5");
      expect(busy.json()).toMatchObject({ $id: "1", typeKey: "VssServiceUnavailableException" });
      release();
      expect((await call(limited.t, "GET", url, { token })).json()).toEqual({ count: 0, value: [] });
      // The listing gave its slot back.
      const again = await limited.t.app.services.gitSlots.acquire(0);
      expect(again).toBeDefined();
      again?.();
    } finally {
      await limited.t.close();
    }
  });

  it("shows isFork false always, and validRemoteUrls when asked with includeAllUrls", async () => {
    const plain = await call(g.t, "GET", `${REPOS}/app`, { token: reader });
    expect(plain.json()).toMatchObject({ isFork: false });
    expect(plain.json().validRemoteUrls).toBeUndefined();
    const remoteUrl = `${g.base}/acme/web/_git/app`;
    const one = await call(g.t, "GET", `${REPOS}/app?includeAllUrls=true`, { token: reader });
    expect(one.json()).toMatchObject({ isFork: false, remoteUrl, validRemoteUrls: [remoteUrl] });
    for (const url of [`${REPOS}?includeAllUrls=true`, "/acme/_apis/git/repositories?includeAllUrls=true"]) {
      const listed = await call(g.t, "GET", url, { token: reader });
      for (const repo of listed.json().value as (Repo & { validRemoteUrls: string[]; isFork: boolean })[]) {
        expect(repo.validRemoteUrls).toEqual([repo.remoteUrl]);
        expect(repo.isFork).toBe(false);
      }
    }
  });

  it("lists the repositories and refs locations under Azure DevOps' ids for OPTIONS /_apis/git", async () => {
    const response = await call(g.t, "OPTIONS", "/acme/_apis/git", { apiVersion: null });
    expect(response.statusCode).toBe(200);
    const byId = new Map(response.json().value.map((l: { id: string }) => [l.id, l]));
    expect(byId.get("225f7195-f9c7-4d14-ab28-a83f7ff77e1f")).toMatchObject({
      area: "git",
      resourceName: "repositories",
      routeTemplate: "{project}/_apis/{area}/{resource}/{repositoryId}",
    });
    expect(byId.get("2d874a60-a811-4f62-9c9f-963a6ea0a55b")).toMatchObject({
      area: "git",
      resourceName: "refs",
      routeTemplate: "{project}/_apis/{area}/repositories/{repositoryId}/{resource}",
      resourceVersion: 2,
      releasedVersion: "7.1",
    });
  });
});

async function acmeId(g: GitApp): Promise<string> {
  const row = await g.t.app.services.store.db
    .selectFrom("organizations")
    .select("id")
    .where("name", "=", "acme")
    .executeTakeFirstOrThrow();
  return row.id;
}
