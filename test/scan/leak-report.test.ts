/**
 * `patina scan --report URL`: the values found go to the server's leak endpoint in POSTs of at
 * most 1000 (JSON arrays, each value once), and only there; the output says how many, never
 * which. A report that fails (no server, an error status, a redirect) is one clear line and
 * exit 2, without the values.
 */
import { afterEach, describe, expect, it } from "vitest";
import { freePort } from "../support/free-port.js";
import { type LeakReceiver, startLeakReceiver } from "./leak-receiver.js";
import { makeTree, mint, runScan } from "./scan-cli.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function tree(files: Record<string, string>) {
  const made = await makeTree(files);
  cleanups.push(made.drop);
  return made.dir;
}

async function receiver(...args: Parameters<typeof startLeakReceiver>): Promise<LeakReceiver> {
  const started = await startLeakReceiver(...args);
  cleanups.push(started.close);
  return started;
}

const LEAKS_PATH = "/_apis/patina/leaks?api-version=7.1";

describe("patina scan --report", () => {
  it("posts the values found, each once, as a JSON array to the leak endpoint, and says how many", async () => {
    const [a, b, c] = [mint(), mint(), mint("acme_")];
    const dir = await tree({ "one.env": `A=${a}\nB=${b}\n`, "two.env": `again ${a}\n${c}\n` });
    const server = await receiver();
    const run = await runScan(["scan", ".", "--prefix", "acme_", "--report", server.url], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout.split("\n")).toHaveLength(5);
    expect(run.stderr).toBe(
      `patina: reported 3 tokens to ${server.url}/_apis/patina/leaks.\n` +
        "patina: found 4 tokens in 2 files (2 files scanned).\n",
    );
    expect(server.received).toHaveLength(1);
    const [request] = server.received;
    expect(request).toMatchObject({ method: "POST", url: LEAKS_PATH, contentType: "application/json" });
    expect((JSON.parse(request?.body ?? "") as string[]).sort()).toEqual([a, b, c].sort());
  });

  it("sends more than 1000 values in batches of at most 1000", async () => {
    const tokens = Array.from({ length: 2500 }, () => mint());
    const dir = await tree({ "dump.log": tokens.map((token, i) => `${i} ${token}`).join("\n") });
    const server = await receiver();
    const run = await runScan(["scan", "dump.log", "--format", "json", "--report", server.url], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("patina: reported 2500 tokens to");
    const batches = server.received.map((request) => JSON.parse(request.body) as string[]);
    expect(batches.map((batch) => batch.length)).toEqual([1000, 1000, 500]);
    expect(batches.flat()).toEqual(tokens);
    expect(server.received.every((request) => request.url === LEAKS_PATH)).toBe(true);
  });

  it("keeps each body within the server's 64 KiB body limit when tokens are long", async () => {
    const prefix = "a_forty_character_prefix_of_another_org_";
    const tokens = Array.from({ length: 1000 }, () => mint(prefix));
    const dir = await tree({ "dump.log": tokens.join("\n") });
    const server = await receiver();
    const run = await runScan(["scan", "dump.log", "--prefix", prefix, "--report", server.url], { cwd: dir });
    expect(run.stderr).toContain("patina: reported 1000 tokens to");
    expect(server.received.length).toBe(2);
    expect(server.received.every((request) => Buffer.byteLength(request.body) <= 64 * 1024)).toBe(true);
    expect(server.received.flatMap((request) => JSON.parse(request.body) as string[])).toEqual(tokens);
  });

  it("keeps the base path of a server behind a proxy, and sends nothing when nothing was found", async () => {
    const token = mint();
    const dir = await tree({ "a.txt": token, "clean.txt": "none" });
    const server = await receiver();
    const run = await runScan(["scan", "a.txt", "--report", `${server.url}/patina/`], { cwd: dir });
    expect(run.code).toBe(1);
    expect(server.received.map((request) => request.url)).toEqual([`/patina${LEAKS_PATH}`]);
    const clean = await runScan(["scan", "clean.txt", "--report", server.url], { cwd: dir });
    expect(clean).toMatchObject({ code: 0, stderr: "patina: no tokens found (1 file scanned).\n" });
    expect(server.received).toHaveLength(1);
  });

  it("waits out a 429 as Retry-After says, then sends the batch again", async () => {
    const token = mint();
    const dir = await tree({ "a.txt": token });
    const server = await receiver((_, index) =>
      index === 0 ? { status: 429, headers: { "retry-after": "0" } } : { status: 202 },
    );
    const run = await runScan(["scan", "a.txt", "--report", server.url], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("patina: reported 1 token to");
    expect(server.received.map((request) => request.body)).toEqual([`["${token}"]`, `["${token}"]`]);
  });

  it("exits 2 with a clear line when nobody listens", async () => {
    const token = mint();
    const dir = await tree({ "a.txt": token });
    const url = `http://127.0.0.1:${await freePort()}`;
    const run = await runScan(["scan", "a.txt", "--report", url], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `patina: could not report the tokens to ${url}/_apis/patina/leaks: connection refused.\n` +
        "patina: found 1 token in 1 file (1 file scanned).\n",
    );
  });

  it("exits 2 on an error status, without showing the answer's body, and says how many went before", async () => {
    const tokens = Array.from({ length: 1500 }, () => mint());
    const dir = await tree({ "a.txt": tokens.join(" ") });
    // The worst server: it echoes what it was sent.
    const server = await receiver((request, index) =>
      index === 0 ? { status: 202 } : { status: 500, body: request.body },
    );
    const run = await runScan(["scan", "a.txt", "--report", server.url], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `patina: could not report the tokens to ${server.url}/_apis/patina/leaks: the server answered 500 Internal Server Error (1000 of 1500 were reported before).\n`,
    );
    expect(server.received).toHaveLength(2);
  });

  it("does not follow a redirect, which would send the values elsewhere", async () => {
    const token = mint();
    const dir = await tree({ "a.txt": token });
    const elsewhere = await receiver();
    const server = await receiver(() => ({
      status: 307,
      headers: { location: `${elsewhere.url}/_apis/patina/leaks` },
    }));
    const run = await runScan(["scan", "a.txt", "--report", server.url], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("the server answered 307 Temporary Redirect, a redirect, which is not followed");
    expect(elsewhere.received).toEqual([]);
  });

  it("refuses a URL that is not http(s), or carries credentials, before scanning", async () => {
    const token = mint();
    const dir = await tree({ "a.txt": token });
    const server = await receiver();
    const withCredentials = server.url.replace("http://", "http://admin:hunter2@");
    const cases: Array<[string, string]> = [
      ["ftp://example.com", "patina: --report needs an http:// or https:// URL.\n"],
      ["not a url", "patina: --report needs the Patina server's URL, such as https://patina.example.com.\n"],
      [withCredentials, "patina: --report takes no user name or password in the URL (the leak endpoint needs none).\n"],
      [`${server.url}/?x=1`, "patina: --report takes the server's base URL, without a query or fragment.\n"],
    ];
    for (const [url, message] of cases) {
      expect(await runScan(["scan", "a.txt", "--report", url], { cwd: dir })).toEqual({
        code: 2,
        stdout: "",
        stderr: message,
      });
    }
    expect(server.received).toEqual([]);
  });
});
