/**
 * Stopping gracefully (app.close(), what SIGTERM runs): from the first moment `/readyz` answers
 * 503 and new connections are refused, a git transfer in flight is served to its end, and the
 * close reports that every request finished; a transfer still running at
 * PATINA_SHUTDOWN_TIMEOUT_MS is cut, its git process ends, and the close still completes.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { CloseOutcome } from "../../src/app.js";
import { type GitApp, startGitApp } from "../git/git-app.js";
import { backendChildren, type OpenRequest, openGitPost, pktLine, waitFor } from "../git/git-backends.js";
import { refusedSoon } from "../support/connections.js";
import { testDatabases } from "../support/databases.js";

const UPLOAD_PACK = "acme/web/_git/app/git-upload-pack";
const LS_REFS = `${pktLine("command=ls-refs\n")}0001${pktLine("peel\n")}0000`;
const sqlite = testDatabases().filter((d) => d.name === "sqlite");

describe.each(sqlite)("a graceful stop on $name", (database) => {
  let g: GitApp | undefined;
  let request: OpenRequest | undefined;

  afterEach(async () => {
    request?.destroy();
    await g?.t.close();
    g = undefined;
  });

  /** Starts the app and a git upload that has begun (its backend runs) but not finished sending. */
  async function startWithTransferInFlight(env: Record<string, string>) {
    g = await startGitApp(database, env);
    const reader = (await g.t.mintToken("rita", { org: "acme", scope: "vso.code" })).token;
    request = openGitPost(g.base, UPLOAD_PACK, reader, { "git-protocol": "version=2" });
    request.write(LS_REFS.slice(0, 10));
    await waitFor(() => backendChildren().length === 1, "the upload to start its backend");
    return { g, request };
  }

  it("turns unready, refuses new connections, and lets the transfer in flight finish", async () => {
    const { g, request } = await startWithTransferInFlight({});
    const closing: Promise<CloseOutcome> = g.t.app.close();
    const ready = await g.t.app.server.inject({ method: "GET", url: "/readyz" });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toEqual({ status: "stopping", database: database.name });
    expect(await refusedSoon(g.base)).toBe(true);

    request.end(LS_REFS.slice(10));
    const answer = await request.answer;
    expect(answer.status).toBe(200);
    expect(answer.body.endsWith("0000")).toBe(true);
    expect(await closing).toEqual({ requests: "drained", usageWritten: true });
  });

  it("cuts a transfer still running at the bound, ends its git process, and still stops", async () => {
    const { g, request } = await startWithTransferInFlight({ PATINA_SHUTDOWN_TIMEOUT_MS: "300" });
    const outcome = await g.t.app.close();
    expect(outcome).toEqual({ requests: "cut", usageWritten: true });
    expect((await request.closed).answered).toBe(false);
    await waitFor(() => backendChildren().length === 0, "the cut transfer's backend to end");
    expect(g.t.logs.join("\n")).toContain("requests still running at PATINA_SHUTDOWN_TIMEOUT_MS were cut");
  });
});
