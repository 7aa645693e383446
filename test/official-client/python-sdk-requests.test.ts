/**
 * Microsoft's Python SDK's calls, as it sends them (reproduced from its source in
 * ./python-sdk.ts: the SDK cannot be installed here, PyPI being out of reach), against a real
 * Patina on a real port, with a real git push for the refs: `get_teams`, `get_refs`,
 * `update_repository`, `delete_repository` (a DELETE that says `Content-Type: application/json`
 * and has no body), and the exception each failure becomes — above all a bad PAT, which code
 * written for Azure DevOps catches as AzureDevOpsAuthenticationError.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GitApp, startGitApp } from "../git/git-app.js";
import { createGitSandbox, type GitSandbox, NO_HELPER } from "../git/git-client.js";
import { testDatabases } from "../support/databases.js";
import { PythonSdkClient, PythonSdkFailure, pythonSdkError } from "./python-sdk.js";

const GIT_AREA = "4e080c62-fa21-4fbc-8fef-2a10a2b38049";
const CORE_AREA = "79134c72-4a58-4b42-976c-04e7115f32bf";
const REPOSITORIES = "225f7195-f9c7-4d14-ab28-a83f7ff77e1f";
const REFS = "2d874a60-a811-4f62-9c9f-963a6ea0a55b";
const TEAMS = "d30a3dd1-f8ba-442a-b86a-bd0c0c383e59";
const PROJECTS = "603fe2ac-9723-48b9-88ad-09305aa6c6e1";

/** The SDK's failure for a call that must fail. */
async function failureOf(call: Promise<unknown>): Promise<PythonSdkFailure> {
  const outcome = await call.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(PythonSdkFailure);
  return outcome as PythonSdkFailure;
}

describe.each(testDatabases())("Microsoft's Python SDK's requests on $name", (database) => {
  let g: GitApp;
  let sandbox: GitSandbox;
  let manager: string;
  let reader: string;
  const org = () => `${g.base}/acme`;

  beforeAll(async () => {
    PythonSdkClient.clearLocationCache();
    g = await startGitApp(database);
    sandbox = createGitSandbox();
    manager = (await g.t.mintToken("alice", { org: "acme", scope: "vso.code_manage vso.project" })).token;
    reader = (await g.t.mintToken("rita", { org: "acme", scope: "vso.code" })).token;
    const work = sandbox.dir("work");
    await sandbox.gitOk(["init", "-q", "-b", "main", work]);
    await sandbox.commit(work, { "README.md": "# app\n" }, "first");
    await sandbox.gitOk(["branch", "feature/x"], { cwd: work });
    const pushed = await sandbox.git([...NO_HELPER, "push", g.url("acme/web/_git/app", manager), "main", "feature/x"], {
      cwd: work,
    });
    expect(pushed.code, pushed.stderr).toBe(0);
  });
  afterAll(async () => {
    sandbox?.remove();
    await g?.t.close();
  });

  it("lists projects, then their teams with get_teams", async () => {
    const core = await PythonSdkClient.forArea(org(), manager, CORE_AREA);
    const projects = (await core.send("GET", PROJECTS, "7.1-preview.4")).json as {
      value: { id: string; name: string }[];
    };
    const web = projects.value.find((p) => p.name === "web");
    expect(web).toBeDefined();
    const teams = await core.send("GET", TEAMS, "7.1-preview.3", { projectId: web?.id ?? "" }, { $top: 100 });
    expect(teams.json).toMatchObject({ count: 1, value: [{ name: "web Team", projectName: "web" }] });
  });

  it("gets refs with get_refs (filter and filterContains)", async () => {
    const git = await PythonSdkClient.forArea(org(), reader, GIT_AREA);
    const route = { project: "web", repositoryId: "app" };
    const all = (await git.send("GET", REFS, "7.1-preview.1", route)).json as { value: { name: string }[] };
    expect(all.value.map((r) => r.name)).toEqual(["refs/heads/feature/x", "refs/heads/main"]);
    const heads = (await git.send("GET", REFS, "7.1-preview.1", route, { filter: "heads/", filterContains: "feat" }))
      .json as { value: { name: string; objectId: string }[] };
    expect(heads.value).toEqual([
      expect.objectContaining({ name: "refs/heads/feature/x", objectId: expect.any(String) }),
    ]);
  });

  it("renames with update_repository and deletes with delete_repository (JSON content type, no body)", async () => {
    const git = await PythonSdkClient.forArea(org(), manager, GIT_AREA);
    const created = await git.send("POST", REPOSITORIES, "7.1-preview.1", { project: "web" }, {}, { name: "scratch" });
    const id = (created.json as { id: string }).id;
    const renamed = await git.send(
      "PATCH",
      REPOSITORIES,
      "7.1-preview.1",
      { project: "web", repositoryId: id },
      {},
      {
        name: "scratch-renamed",
      },
    );
    expect(renamed.json).toMatchObject({ id, name: "scratch-renamed", isFork: false });
    const deleted = await git.send("DELETE", REPOSITORIES, "7.1-preview.1", { project: "web", repositoryId: id });
    expect(deleted.status).toBe(204);
    const gone = await failureOf(git.send("GET", REPOSITORIES, "7.1-preview.1", { project: "web", repositoryId: id }));
    expect(gone.status).toBe(404);
    expect(gone.error.type).toBe("AzureDevOpsServiceError");
  });

  it("raises AzureDevOpsAuthenticationError for a bad PAT, with the server's sentence", async () => {
    const failure = await failureOf(
      PythonSdkClient.forArea(org(), "patina_not_a_valid_token", GIT_AREA).then((git) =>
        git.send("GET", REPOSITORIES, "7.1-preview.1", { project: "web" }),
      ),
    );
    expect(failure.status).toBe(401);
    expect(failure.error.type).toBe("AzureDevOpsAuthenticationError");
    expect(failure.error.message).toMatch(/^TF400813: .*The requested resource requires user authentication: /s);
    expect(failure.error.message).not.toContain("patina_not_a_valid_token");
    // Why the 401 is plain text: the same answer in the JSON error body would be a service error.
    const asJson = pythonSdkError(401, "application/json", JSON.stringify({ message: "TF400813" }), "u");
    expect(asJson.type).toBe("AzureDevOpsServiceError");
  });

  it("raises AzureDevOpsServiceError with the message for a refusal that is not about the credential", async () => {
    const git = await PythonSdkClient.forArea(org(), reader, GIT_AREA);
    const refused = await failureOf(
      git.send("POST", REPOSITORIES, "7.1-preview.1", { project: "web" }, {}, { name: "not-allowed" }),
    );
    expect(refused.status).toBe(403);
    expect(refused.error.type).toBe("AzureDevOpsServiceError");
    expect(refused.error.message).toContain("vso.code_manage");
  });

  it("sends its X-TFS-Session and gets it back", async () => {
    const core = await PythonSdkClient.forArea(org(), manager, CORE_AREA);
    const session = PythonSdkClient.currentSession();
    const answer = await core.send("GET", PROJECTS, "7.1-preview.4");
    expect(answer.headers.get("x-tfs-session")).toBe(session);
    expect(answer.headers.get("activityid")).not.toBe(session);
  });
});
