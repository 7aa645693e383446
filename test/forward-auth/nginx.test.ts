/**
 * A real nginx (Debian's, with auth_request) in front of a small service, asking a real Patina
 * over TCP, configured with the documented file docs/examples/nginx-forward-auth.conf. Proves
 * what a user of the guarded service sees, and what the service receives.
 */
import fs from "node:fs";
import http, { type IncomingHttpHeaders } from "node:http";
import type net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { freePort } from "../support/free-port.js";
import {
  nginxAvailable as available,
  fillTemplate,
  NGINX,
  type RunningNginx,
  startNginx,
  stopNginx,
} from "../support/nginx.js";
import { basic, type MintedToken, startTestApp, type TestApp } from "../support/test-app.js";
import { TEST_RULES, writeRulesFile } from "./rules-file.js";

const TEMPLATE = fileURLToPath(new URL("../../docs/examples/nginx-forward-auth.conf", import.meta.url));
const DOCS = fileURLToPath(new URL("../../docs/forward-auth.md", import.meta.url));
if (!available) process.stderr.write(`\n*** nginx forward-auth test SKIPPED: ${NGINX} is missing.\n\n`);

/** What the guarded service received. */
interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

/** Fills the documented template's three addresses. */
function fillForwardAuthTemplate(patinaPort: number, servicePort: number, listenPort: number): string {
  return fillTemplate(TEMPLATE, [
    ["server 127.0.0.1:8080;", `server 127.0.0.1:${patinaPort};`],
    ["server 127.0.0.1:3000;", `server 127.0.0.1:${servicePort};`],
    ["listen 80;", `listen 127.0.0.1:${listenPort};`],
  ]);
}

const [database] = testDatabases();

describe.skipIf(!available || database === undefined)("nginx auth_request in front of a service", () => {
  let t: TestApp;
  let nginx: RunningNginx | undefined;
  let service: http.Server;
  let dir: string;
  let rulesFile: ReturnType<typeof writeRulesFile>;
  let nginxPort: number;
  const received: Received[] = [];
  const tokens: Record<string, MintedToken> = {};

  /** A request to nginx with the path sent exactly as given (no client-side normalization). */
  function request(
    method: string,
    rawPath: string,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
    return new Promise((resolve, reject) => {
      const req = http.request({ host: "127.0.0.1", port: nginxPort, method, path: rawPath, headers }, (res) => {
        let body = "";
        res.setEncoding("utf8").on("data", (chunk: string) => {
          body += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on("error", reject);
      req.end();
    });
  }
  const as = (name: string) => basic(tokens[name]?.token ?? "");
  const lastReceived = () => received.at(-1);

  beforeAll(async () => {
    if (database === undefined) return;
    rulesFile = writeRulesFile(TEST_RULES);
    t = await startTestApp(database, { PATINA_FORWARD_AUTH_RULES: rulesFile.file, PATINA_HOST: "127.0.0.1" });
    await t.createUser("alice");
    await t.createOrg("acme", "alice");
    tokens.read = await t.mintToken("alice", { org: "acme", scope: "vso.packaging" });
    tokens.profile = await t.mintToken("alice", { org: "acme", scope: "vso.profile" });
    tokens.doomed = await t.mintToken("alice", { org: "acme", scope: "vso.packaging" });
    const patinaPort = Number(new URL(await t.app.listen()).port);

    service = http.createServer((req, res) => {
      received.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers });
      res.setHeader("content-type", "text/plain");
      res.end(`hello ${req.headers["x-patina-user"] ?? "nobody"}\n`);
    });
    await new Promise<void>((resolve) => service.listen(0, "127.0.0.1", resolve));
    const servicePort = (service.address() as net.AddressInfo).port;

    dir = fs.mkdtempSync(path.join(os.tmpdir(), "patina-nginx-"));
    nginxPort = await freePort();
    nginx = await startNginx(dir, fillForwardAuthTemplate(patinaPort, servicePort, nginxPort), nginxPort);
  });

  afterAll(async () => {
    if (nginx) await stopNginx(nginx.process);
    await new Promise((resolve) => (service ? service.close(resolve) : resolve(undefined)));
    await t?.close();
    rulesFile?.remove();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("documents the configuration it runs", () => {
    const docs = fs.readFileSync(DOCS, "utf8");
    expect(docs).toContain(fs.readFileSync(TEMPLATE, "utf8").trim());
  });

  it("asks for a token when there is none", async () => {
    const before = received.length;
    const response = await request("GET", "/packages/feed");
    expect(response.status).toBe(401);
    expect(response.headers["www-authenticate"]).toBe('Basic realm="Patina"');
    expect(received.length).toBe(before);
  });

  it("passes a token with the right scope, and the caller's identity (not the token) to the service", async () => {
    const response = await request("GET", "/packages/feed/x.tgz?v=1", as("read"));
    expect(response.status).toBe(200);
    expect(response.body).toBe("hello alice\n");
    expect(lastReceived()?.url).toBe("/packages/feed/x.tgz?v=1");
    expect(lastReceived()?.headers).toMatchObject({
      "x-patina-user": "alice",
      "x-patina-token-id": tokens.read?.authorizationId,
      "x-patina-scopes": "vso.packaging",
    });
    expect(lastReceived()?.headers.authorization).toBeUndefined();
    expect((await request("HEAD", "/packages/feed", as("read"))).status).toBe(200);
  });

  it("refuses a token without the rule's scope with 403", async () => {
    const before = received.length;
    expect((await request("GET", "/admin/users", as("read"))).status).toBe(403);
    expect((await request("PUT", "/packages/feed/upload", as("read"))).status).toBe(403);
    expect(received.length).toBe(before);
  });

  it("refuses a path no rule covers with 403", async () => {
    expect((await request("DELETE", "/packages/feed", as("read"))).status).toBe(403);
    expect((await request("POST", "/anything", as("profile"))).status).toBe(403);
  });

  it("stops a token the moment it is revoked", async () => {
    expect((await request("GET", "/packages/feed", as("doomed"))).status).toBe(200);
    await t.revokeToken("alice", tokens.doomed?.authorizationId ?? "");
    const response = await request("GET", "/packages/feed", as("doomed"));
    expect(response.status).toBe(401);
    expect(response.headers["www-authenticate"]).toBe('Basic realm="Patina"');
  });

  it("does not let a client name its own identity or its own request", async () => {
    const spoofed = await request("GET", "/packages/feed", { ...as("read"), "X-Patina-User": "root" });
    expect(spoofed.status).toBe(200);
    expect(lastReceived()?.headers["x-patina-user"]).toBe("alice");
    // Traefik's headers, sent by the client to nginx, do not change what Patina judges.
    const smuggled = await request("GET", "/admin/users", {
      ...as("read"),
      "X-Forwarded-Uri": "/packages/feed",
      "X-Forwarded-Method": "GET",
      "X-Original-URI": "/packages/feed",
    });
    expect(smuggled.status).toBe(403);
  });

  it.each([
    "/packages/../admin/users",
    "/packages/%2e%2e/admin/users",
    "/packages/..%2Fadmin/users",
    "/x//admin/users",
  ])("refuses the path trick %s (the profile token passes only the catch-all)", async (rawPath) => {
    const before = received.length;
    const response = await request("GET", rawPath, as("profile"));
    expect(response.status).toBe(403);
    expect(received.length).toBe(before);
  });

  it("leaves no nginx error behind", () => {
    expect(nginx?.log.join("") ?? "").not.toMatch(/\[(emerg|alert|crit)\]/);
  });
});
