/**
 * The pure parts of the git feature: repository naming rules, the credential helper's protocol
 * and prefix matching, the CGI response parser, repository paths built only from ids, the
 * backend slots and the git settings.
 */
import os from "node:os";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { createBackendSlots } from "../../src/git/backend-slots.js";
import { type CgiHead, CgiResponseParser } from "../../src/git/cgi-response.js";
import { findCredential, normalizePath, type StoredCredential } from "../../src/git/credential-match.js";
import { formatCredentialOutput, parseCredentialInput } from "../../src/git/credential-protocol.js";
import { repositoryPath } from "../../src/git/paths.js";
import { checkRepositoryName } from "../../src/git/repository-name.js";

describe("repository names", () => {
  it("accepts what Azure DevOps accepts, trimmed", () => {
    for (const name of ["app", "My App", "a.b", "x".repeat(64), "émoji-😀", "a-b_c"]) {
      expect(checkRepositoryName(name), name).toEqual({ ok: true, value: name });
    }
    expect(checkRepositoryName("  app ")).toEqual({ ok: true, value: "app" });
  });

  it("refuses path tricks, control characters, reserved names and overlong names", () => {
    const bad = ["", "..", "a..b", "a/b", "a\\b", "/etc", "a\u0000", "a\nb", "\u0085", "_x", ".x", "x."];
    const more = ["com1", "LPT9", "Web.Config", "x".repeat(65), "a%2Fb", "a:b", "\ud800"];
    for (const name of [...bad, ...more]) expect(checkRepositoryName(name).ok, JSON.stringify(name)).toBe(false);
  });
});

describe("credential helper protocol", () => {
  it("parses key=value lines up to a blank line, ignoring unknown keys", () => {
    const input =
      "protocol=https\nhost=h:8080\npath=a/b\nwwwauth[]=Basic realm=x\nusername=u\npassword=p=q\n\nhost=later\n";
    expect(parseCredentialInput(input)).toEqual({
      protocol: "https",
      host: "h:8080",
      path: "a/b",
      username: "u",
      password: "p=q",
    });
    expect(formatCredentialOutput({ username: "u", password: "p" })).toBe("username=u\npassword=p\n");
    expect(formatCredentialOutput({ username: "u\nprotocol=evil" })).toBe("");
  });

  it("matches protocol, host and the longest whole-segment path prefix", () => {
    const entry = (path: string, password: string): StoredCredential => ({
      protocol: "https",
      host: "git.example:443",
      path,
      username: "u",
      password,
    });
    const entries = [
      entry("", "host"),
      entry("acme", "org"),
      entry("acme/web/_git/app", "repo"),
      entry("acmecorp", "x"),
    ];
    const find = (path: string, protocol = "https", host = "git.example:443") =>
      findCredential(entries, { protocol, host, path: normalizePath(path) })?.password;
    expect(find("")).toBe("host");
    expect(find("acme/web/_git/app")).toBe("repo");
    expect(find("/acme/web/_git/other/")).toBe("org");
    expect(find("acmex/web")).toBe("host");
    expect(find("acme", "http")).toBeUndefined();
    expect(find("acme", "https", "GIT.EXAMPLE:443")).toBe("org");
    expect(findCredential([entry("acme", "org")], { protocol: "https", host: "git.example:443", path: "" })).toBe(
      undefined,
    );
  });
});

describe("CGI response parser", () => {
  async function parse(chunks: string[]): Promise<{ head: CgiHead; body: string }> {
    const parser = new CgiResponseParser();
    const head = new Promise<CgiHead>((resolve) => parser.once("head", resolve));
    Readable.from(chunks.map((c) => Buffer.from(c, "latin1"))).pipe(parser);
    let body = "";
    for await (const chunk of parser) body += (chunk as Buffer).toString("latin1");
    return { head: await head, body };
  }

  it("reads the status and headers, split anywhere, and passes the body through untouched", async () => {
    const { head, body } = await parse([
      "Status: 403 Forb",
      "idden\r\nContent-Type: text/plain\r",
      "\n\r\nno\r\n\r\nmore",
    ]);
    expect(head).toEqual({ status: 403, headers: { "content-type": "text/plain" } });
    expect(body).toBe("no\r\n\r\nmore");
  });

  it("defaults to 200 and accepts bare newlines", async () => {
    const { head, body } = await parse(["Content-Type: application/x-git-upload-pack-advertisement\n\n0000"]);
    expect(head.status).toBe(200);
    expect(body).toBe("0000");
  });

  it("fails when the program ends before its header block", async () => {
    await expect(parse(["Content-Type: x\r\n"])).rejects.toThrow(/ended before its header block/);
  });
});

describe("repository paths", () => {
  it("are built from ids only and refuse anything else", () => {
    const ids = {
      orgId: "0b4f8a52-1c1e-4c6e-9b1a-3f0f4a1c2d3e",
      projectId: "1b4f8a52-1c1e-4c6e-9b1a-3f0f4a1c2d3e",
      id: "2b4f8a52-1c1e-4c6e-9b1a-3f0f4a1c2d3e",
    };
    expect(repositoryPath("/data/repos", ids)).toBe(`/data/repos/${ids.orgId}/${ids.projectId}/${ids.id}.git`);
    expect(() => repositoryPath("/data/repos", { ...ids, id: "../../etc" })).toThrow();
    expect(() => repositoryPath("/data/repos", { ...ids, projectId: "/etc" })).toThrow();
  });
});

describe("backend slots", () => {
  it("grants up to the limit, queues at most the limit, and hands a freed slot to the oldest waiter", async () => {
    const slots = createBackendSlots(2);
    const first = await slots.acquire(0);
    const second = await slots.acquire(0);
    expect(first && second).toBeTypeOf("function");
    expect(await slots.acquire(0)).toBeUndefined();
    const order: string[] = [];
    const waiters = ["a", "b"].map((name) =>
      slots.acquire(60_000).then((release) => {
        order.push(name);
        return release;
      }),
    );
    // The queue holds as many as there are slots; one more is refused at once.
    expect(await slots.acquire(60_000)).toBeUndefined();
    first?.();
    first?.(); // a second release changes nothing
    const a = await waiters[0];
    expect(order).toEqual(["a"]);
    expect(slots.running()).toBe(2);
    second?.();
    const b = await waiters[1];
    expect(order).toEqual(["a", "b"]);
    a?.();
    b?.();
    expect(slots.running()).toBe(0);
  });

  it("gives up waiting when the wait ends or the client goes away", async () => {
    const slots = createBackendSlots(1);
    const held = await slots.acquire(0);
    expect(await slots.acquire(10)).toBeUndefined();
    const gone = new AbortController();
    const waiting = slots.acquire(60_000, gone.signal);
    gone.abort();
    expect(await waiting).toBeUndefined();
    held?.();
    // Nobody is left in the queue: the slot is simply free again.
    expect(slots.running()).toBe(0);
    expect(await slots.acquire(0)).toBeTypeOf("function");
  });
});

describe("git settings", () => {
  it("default to 4 backends per core, a 5 s wait for one and a 30 s idle timeout", () => {
    expect(loadConfig({}, "/srv/patina")).toMatchObject({
      gitMaxProcesses: 4 * os.availableParallelism(),
      gitQueueTimeoutMs: 5000,
      gitIdleTimeoutMs: 30_000,
    });
  });

  it.each([
    ["PATINA_GIT_MAX_PROCESSES", "0"],
    ["PATINA_GIT_MAX_PROCESSES", "many"],
    ["PATINA_GIT_QUEUE_TIMEOUT_MS", "-1"],
    ["PATINA_GIT_QUEUE_TIMEOUT_MS", "600000"],
    ["PATINA_GIT_IDLE_TIMEOUT_MS", "10"],
    ["PATINA_GIT_IDLE_TIMEOUT_MS", "1.5"],
  ])("stop on a bad %s, naming it", (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });
});
