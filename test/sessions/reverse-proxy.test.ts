/**
 * A real nginx (Debian's) in front of a real Patina, configured with the documented file
 * docs/examples/nginx-reverse-proxy.conf. Clients connect from different loopback addresses
 * (127.0.0.2, 127.0.0.3, …); nginx always reaches Patina from 127.0.0.1. With
 * PATINA_TRUST_PROXY=127.0.0.1 Patina sees each client's own address — for the sign-in
 * throttle, a token's last-used addresses and the audit trail — and without it only nginx's.
 */
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { freePort } from "../support/free-port.js";
import { fillTemplate, NGINX, nginxAvailable, type RunningNginx, startNginx, stopNginx } from "../support/nginx.js";
import { basic, type MintedToken, startTestApp, type TestApp } from "../support/test-app.js";
import { PASSWORD } from "./support.js";

const TEMPLATE = fileURLToPath(new URL("../../docs/examples/nginx-reverse-proxy.conf", import.meta.url));
const DOCS = fileURLToPath(new URL("../../docs/reverse-proxy.md", import.meta.url));
if (!nginxAvailable) process.stderr.write(`\n*** nginx reverse-proxy test SKIPPED: ${NGINX} is missing.\n\n`);

/** A Patina with its own nginx in front. */
interface Proxied {
  readonly t: TestApp;
  readonly nginx: RunningNginx;
  readonly dir: string;
  readonly patinaPort: number;
  readonly nginxPort: number;
  readonly token: MintedToken;
}

/** One HTTP request from a chosen local address, on a fresh connection. */
function send(
  port: number,
  from: string,
  request: { method?: string; path: string; headers?: Record<string, string>; body?: unknown },
): Promise<{ status: number; body: string }> {
  const payload = request.body === undefined ? undefined : JSON.stringify(request.body);
  const headers = { ...(payload ? { "content-type": "application/json" } : {}), ...request.headers };
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        localAddress: from,
        agent: false,
        method: request.method ?? "GET",
        path: request.path,
        headers,
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8").on("data", (chunk: string) => {
          body += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

describe.skipIf(!nginxAvailable).each(testDatabases())("Patina behind nginx on $name", (database) => {
  let trusted: Proxied;
  let untrusted: Proxied;

  async function start(env: Record<string, string>): Promise<Proxied> {
    const t = await startTestApp(database, env);
    await t.createUser("alice", { password: PASSWORD });
    await t.createOrg("acme", "alice");
    const token = await t.mintToken("alice", { org: "acme", scope: "vso.pats" });
    const patinaPort = Number(new URL(await t.app.listen()).port);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "patina-proxy-"));
    const nginxPort = await freePort();
    const site = fillTemplate(TEMPLATE, [
      ["server 127.0.0.1:8080;", `server 127.0.0.1:${patinaPort};`],
      ["listen 80;", `listen 127.0.0.1:${nginxPort};`],
    ]);
    return { t, nginx: await startNginx(dir, site, nginxPort), dir, patinaPort, nginxPort, token };
  }
  async function stop(proxied: Proxied | undefined) {
    if (proxied === undefined) return;
    await stopNginx(proxied.nginx.process);
    await proxied.t.close();
    fs.rmSync(proxied.dir, { recursive: true, force: true });
  }

  const signIn = (p: Proxied, from: string, password: string, headers: Record<string, string> = {}) =>
    send(p.nginxPort, from, {
      method: "POST",
      path: "/_apis/patina/session",
      headers,
      body: { username: "alice", password },
    });
  /** The client address of each audit event of a type, oldest first. */
  const audited = async (p: Proxied, eventType: string) =>
    (
      await p.t.app.services.store.db
        .selectFrom("auditEvents")
        .select("clientIp")
        .where("eventType", "=", eventType)
        .orderBy("seq")
        .execute()
    ).map((e) => e.clientIp);
  const lastUsedIps = async (p: Proxied, from: string[]) => {
    const url = `/acme/_apis/tokens/pats?authorizationId=${p.token.authorizationId}&api-version=7.1`;
    for (const address of from) {
      expect((await send(p.nginxPort, address, { path: url, headers: basic(p.token.token) })).status).toBe(200);
    }
    await p.t.app.services.usage.flush();
    const shown = await send(p.nginxPort, "127.0.0.2", { path: url, headers: basic(p.token.token) });
    return JSON.parse(shown.body).patToken.lastUsedIps as string[];
  };

  beforeAll(async () => {
    trusted = await start({ PATINA_TRUST_PROXY: "127.0.0.1,::1" });
    untrusted = await start({});
  });
  afterAll(async () => {
    await stop(trusted);
    await stop(untrusted);
  });

  it("documents the configuration it runs", () => {
    expect(fs.readFileSync(DOCS, "utf8")).toContain(fs.readFileSync(TEMPLATE, "utf8").trim());
  });

  it("throttles two clients separately and audits each one's own address", async () => {
    for (let i = 0; i < 5; i++) expect((await signIn(trusted, "127.0.0.2", "a guess")).status).toBe(401);
    expect((await signIn(trusted, "127.0.0.2", PASSWORD)).status).toBe(429);
    expect((await signIn(trusted, "127.0.0.3", PASSWORD)).status).toBe(200);
    expect(await audited(trusted, "User.SignInFailedEvent")).toEqual(Array(5).fill("127.0.0.2"));
    expect(await audited(trusted, "User.SignInEvent")).toEqual(["127.0.0.3"]);
  });

  it("shows each client's own address as a token's last used", async () => {
    expect(await lastUsedIps(trusted, ["127.0.0.4", "127.0.0.5"])).toEqual(["127.0.0.5", "127.0.0.4"]);
  });

  it("ignores the addresses a client names itself, through nginx or directly", async () => {
    const spoof = { "X-Forwarded-For": "203.0.113.9", "X-Real-IP": "203.0.113.9" };
    expect((await signIn(trusted, "127.0.0.6", "a guess", spoof)).status).toBe(401);
    const direct = await send(trusted.patinaPort, "127.0.0.7", {
      method: "POST",
      path: "/_apis/patina/session",
      headers: spoof,
      body: { username: "alice", password: "a guess" },
    });
    expect(direct.status).toBe(401);
    expect((await audited(trusted, "User.SignInFailedEvent")).slice(-2)).toEqual(["127.0.0.6", "127.0.0.7"]);
  });

  it("without PATINA_TRUST_PROXY sees only nginx's address, so clients share one throttle", async () => {
    for (let i = 0; i < 5; i++) expect((await signIn(untrusted, "127.0.0.2", "a guess")).status).toBe(401);
    expect((await signIn(untrusted, "127.0.0.3", PASSWORD)).status).toBe(429);
    expect(await audited(untrusted, "User.SignInFailedEvent")).toEqual(Array(5).fill("127.0.0.1"));
    expect(await lastUsedIps(untrusted, ["127.0.0.4", "127.0.0.5"])).toEqual(["127.0.0.1"]);
  });

  it("leaves no nginx error behind", () => {
    for (const p of [trusted, untrusted]) expect(p.nginx.log.join("")).not.toMatch(/\[(emerg|alert|crit)\]/);
  });
});
