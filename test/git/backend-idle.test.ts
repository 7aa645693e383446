/**
 * The idle timeout on git requests (issue 7, finding 4): an upload that stops sending body bytes
 * for PATINA_GIT_IDLE_TIMEOUT_MS is cut, its `git http-backend` child ends and its slot is free
 * again; so is a clone whose client stops reading the answer. A push that git takes longer than
 * the idle timeout to store, and an upload that is slow but keeps sending, are served to the end.
 */
import { randomBytes } from "node:crypto";
import type http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { type GitApp, startGitApp } from "./git-app.js";
import { backendChildren, type OpenRequest, openGitPost, pktLine, waitFor } from "./git-backends.js";
import { createGitSandbox, type GitSandbox, NO_HELPER } from "./git-client.js";

const IDLE_MS = 1500;
const UPLOAD_PACK = "acme/web/_git/app/git-upload-pack";

describe.each(testDatabases())("idle git requests on $name", (database) => {
  let g: GitApp;
  let sandbox: GitSandbox;
  let reader: string;
  const open: OpenRequest[] = [];

  beforeAll(async () => {
    // One slot: the next request can only run once the stalled one has really let go of it.
    g = await startGitApp(database, {
      PATINA_GIT_MAX_PROCESSES: "1",
      PATINA_GIT_IDLE_TIMEOUT_MS: String(IDLE_MS),
      PATINA_GIT_QUEUE_TIMEOUT_MS: "2000",
    });
    sandbox = createGitSandbox();
    reader = (await g.t.mintToken("rita", { org: "acme", scope: "vso.code" })).token;
  });
  afterAll(async () => {
    for (const request of open) request.destroy();
    sandbox?.remove();
    await g?.t.close();
  });

  it("cuts a stalled upload, ends its backend and frees its slot", async () => {
    const stalled = openGitPost(g.base, UPLOAD_PACK, reader);
    open.push(stalled);
    stalled.write("0032want ");
    await waitFor(() => backendChildren().length === 1, "the upload to start a backend");
    await waitFor(() => backendChildren().length === 0, "the stalled upload's backend to end");
    const closed = await stalled.closed;
    expect(closed.answered).toBe(false);

    const listed = await sandbox.git([...NO_HELPER, "ls-remote", g.url("acme/web/_git/app", reader)]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(g.t.logs.some((line) => line.includes("git request idle"))).toBe(true);
    // Cut, refused and abandoned requests are expected: none of them is a server error.
    expect(g.t.logs.join("\n")).not.toContain("unhandled error");
  });

  let bigCommit = "";

  it("does not cut a push whose git works silently for longer than the idle timeout", async () => {
    const writer = (await g.t.mintToken("carol", { org: "acme", scope: "vso.code_write" })).token;
    const work = sandbox.dir("large");
    await sandbox.gitOk(["init", "-q", "-b", "main", work]);
    // Far more than the socket and pipe buffers between git and a client that reads nothing (next
    // test); storing it keeps git busy after the body has arrived, with nothing to send.
    bigCommit = await sandbox.commit(work, { "large.bin": randomBytes(24 * 1024 * 1024).toString("base64") }, "big");
    const pushed = await sandbox.git([...NO_HELPER, "push", g.url("acme/web/_git/app", writer), "main"], { cwd: work });
    expect(pushed.code, pushed.stderr).toBe(0);
  }, 120_000);

  it("cuts a clone whose client stops reading the answer", async () => {
    const commit = bigCommit;
    const clone = openGitPost(g.base, UPLOAD_PACK, reader);
    open.push(clone);
    let unread: http.IncomingMessage | undefined;
    clone.onResponse((response) => {
      unread = response.pause();
    });
    clone.end(`${pktLine(`want ${commit} side-band-64k ofs-delta\n`)}0000${pktLine("done\n")}`);
    await waitFor(() => clone.answered(), "the clone to be answered");
    await waitFor(() => backendChildren().length === 0, "the unread clone's backend to end", 60_000);
    // Reading again, the client finds the answer cut short: the server closed the connection.
    unread?.resume();
    await expect(clone.answer).rejects.toThrow();

    const listed = await sandbox.git([...NO_HELPER, "ls-remote", g.url("acme/web/_git/app", reader)]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain(commit);
  }, 120_000);

  it("serves an upload that is slow but keeps sending", async () => {
    const slow = openGitPost(g.base, UPLOAD_PACK, reader, { "git-protocol": "version=2" });
    open.push(slow);
    const body = `${pktLine("command=ls-refs\n")}0001${pktLine("peel\n")}0000`;
    // About three idle periods in all, but never a tenth of one without a byte.
    const gap = Math.floor(IDLE_MS / 10);
    for (const char of body) {
      slow.write(char);
      await new Promise((resolve) => setTimeout(resolve, gap));
    }
    slow.end();
    const answer = await slow.answer;
    expect(answer.status).toBe(200);
    expect(answer.headers["content-type"]).toBe("application/x-git-upload-pack-result");
    expect(answer.body.endsWith("0000")).toBe(true);
  });
});
