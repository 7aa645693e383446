/**
 * Bounded git (issue 7, finding 4): at most PATINA_GIT_MAX_PROCESSES `git http-backend` children
 * run at once, whatever clients do; the requests beyond it get 503 with Retry-After and the Azure
 * DevOps error body; and once the held requests go away, git works again. The held requests are
 * upload-pack POSTs whose bodies never finish, as a hostile or broken client sends them.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { type GitApp, startGitApp } from "./git-app.js";
import { backendChildren, type OpenRequest, openGitPost, waitFor } from "./git-backends.js";
import { createGitSandbox, type GitSandbox, NO_HELPER } from "./git-client.js";

const LIMIT = 2;
const UPLOAD_PACK = "acme/web/_git/app/git-upload-pack";

describe.each(testDatabases())("git backends are bounded on $name", (database) => {
  let g: GitApp;
  let sandbox: GitSandbox;
  let reader: string;
  const open: OpenRequest[] = [];

  beforeAll(async () => {
    g = await startGitApp(database, {
      PATINA_GIT_MAX_PROCESSES: String(LIMIT),
      // A short wait for a slot keeps the test quick; the default is a few seconds.
      PATINA_GIT_QUEUE_TIMEOUT_MS: "1500",
    });
    sandbox = createGitSandbox();
    reader = (await g.t.mintToken("rita", { org: "acme", scope: "vso.code" })).token;
  });
  afterEach(async () => {
    for (const request of open.splice(0)) request.destroy();
    await waitFor(() => backendChildren().length === 0, "every backend to end after its client went away");
  });
  afterAll(async () => {
    sandbox?.remove();
    await g?.t.close();
  });

  const hold = (): OpenRequest => {
    const request = openGitPost(g.base, UPLOAD_PACK, reader);
    // A body that starts and never ends: git waits for the rest.
    request.write("0032want ");
    open.push(request);
    return request;
  };

  it("runs no more than the limit; the rest get 503 with Retry-After and the error body", async () => {
    for (let i = 0; i < LIMIT; i++) hold();
    await waitFor(() => backendChildren().length === LIMIT, "the first requests to start their backends");

    const extra = Array.from({ length: 4 }, hold);
    // Either every extra request is answered, or (without a limit) they start backends of their own.
    await waitFor(
      () => extra.every((request) => request.answered()) || backendChildren().length > LIMIT,
      "the extra requests to be answered",
    );
    expect(backendChildren().length).toBeLessThanOrEqual(LIMIT);
    for (const request of extra) {
      const answer = await request.answer;
      expect(answer.status).toBe(503);
      expect(answer.headers["retry-after"]).toMatch(/^[1-9]\d*$/);
      expect(answer.headers["content-type"]).toMatch(/^application\/json/);
      expect(JSON.parse(answer.body)).toMatchObject({
        $id: "1",
        typeKey: expect.any(String),
        message: expect.stringContaining("busy"),
      });
    }

    const refused = await sandbox.git([...NO_HELPER, "ls-remote", g.url("acme/web/_git/app", reader)]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain("503");
    expect(backendChildren().length).toBeLessThanOrEqual(LIMIT);
    // Cut, refused and abandoned requests are expected: none of them is a server error.
    expect(g.t.logs.join("\n")).not.toContain("unhandled error");
  });

  it("serves git again once the held requests go away", async () => {
    for (let i = 0; i < LIMIT; i++) hold();
    await waitFor(() => backendChildren().length === LIMIT, "the held requests to start their backends");
    for (const request of open.splice(0)) request.destroy();
    await waitFor(() => backendChildren().length === 0, "the backends of the gone clients to end");

    const listed = await sandbox.git([...NO_HELPER, "ls-remote", g.url("acme/web/_git/app", reader)]);
    expect(listed.code, listed.stderr).toBe(0);
  });

  it("waits briefly for a slot instead of refusing a request that a finishing one makes room for", async () => {
    const held = Array.from({ length: LIMIT }, hold);
    await waitFor(() => backendChildren().length === LIMIT, "the held requests to start their backends");
    const listing = sandbox.git([...NO_HELPER, "ls-remote", g.url("acme/web/_git/app", reader)], {
      env: { GIT_TRACE_CURL: "1", GIT_TRACE_CURL_NO_DATA: "1" },
    });
    // The ref advertisement is now queued behind the held requests; free one slot.
    await waitFor(() => g.t.logs.some((line) => line.includes("waiting for a git slot")), "the request to queue");
    held[0]?.destroy();
    const listed = await listing;
    expect(listed.code, listed.stderr).toBe(0);
  });

  it("does not count requests for unknown repositories", async () => {
    for (let i = 0; i < LIMIT; i++) hold();
    await waitFor(() => backendChildren().length === LIMIT, "the held requests to start their backends");
    const missing = await fetch(`${g.base}/acme/web/_git/nothing/info/refs?service=git-upload-pack`, {
      headers: { authorization: `Basic ${Buffer.from(`:${reader}`).toString("base64")}` },
    });
    expect(missing.status).toBe(404);
  });
});
