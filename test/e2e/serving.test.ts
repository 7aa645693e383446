/** How the server serves the web UI: pages, assets, headers, and API paths left to the API. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerWebRoutes } from "../../src/web/web.routes.js";
import { type LiveServer, startLiveServer } from "./support.js";

describe("serving the web UI", () => {
  let live: LiveServer;
  beforeAll(async () => {
    live = await startLiveServer();
  });
  afterAll(() => live.close());

  const get = (url: string, accept = "text/html,application/xhtml+xml") =>
    live.t.app.server.inject({ url, headers: { accept } });

  it.each([
    "/",
    "/_signin",
    "/_setup?code=x",
    "/_usersSettings/tokens",
    "/acme/_usersSettings/tokens",
    "/_usersSettings/tokens/7d0c7a1e-2f8c-4d8e-9f49-0e6b2a9a1f10",
    "/_usersSettings/profile",
    "/acme/_settings",
    "/acme/_settings/policies",
    "/acme/_settings/tokens",
    "/acme/_settings/audit",
    "/acme/_settings/users",
    "/_settings/users",
    "/_settings/policies",
  ])("answers %s with the page", async (url) => {
    const response = await get(url);
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(response.body).toContain('<div id="root">');
  });

  it("sends the page with a strict policy and without caching", async () => {
    const response = await get("/_usersSettings/tokens");
    const csp = String(response.headers["content-security-policy"]);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers["x-frame-options"]).toBe("DENY");
    expect(response.headers["referrer-policy"]).toBe("no-referrer");
    expect(response.headers["cache-control"]).toBe("no-store");
    expect(response.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it("serves the built script with a long cache life, and a missing asset as the JSON 404", async () => {
    const page = await get("/");
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(page.body)?.[1];
    expect(script).toBeDefined();
    const asset = await get(script ?? "", "*/*");
    expect(asset.statusCode).toBe(200);
    expect(asset.headers["content-type"]).toContain("javascript");
    expect(asset.headers["cache-control"]).toContain("immutable");
    const missing = await get("/assets/nothing-here.js", "*/*");
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ typeKey: "VssResourceNotFoundException" });
  });

  it("never answers API or git paths with the page", async () => {
    for (const url of ["/_apis/nothing", "/acme/_apis/nothing", "/acme/web/_git/repo/nothing", "/_apis"]) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.json(), url).toMatchObject({ $id: "1", typeKey: "VssResourceNotFoundException" });
    }
  });

  it("gives the page with a 404 status for unknown page paths, and the JSON 404 to non-browsers", async () => {
    const page = await get("/no/such/page");
    expect(page.statusCode).toBe(404);
    for (const unknown of ["/acme/_settings/nothing", "/_settings/audit", "/_usersSettings/nothing"]) {
      expect((await get(unknown)).statusCode, unknown).toBe(404);
    }
    expect(page.body).toContain('<div id="root">');
    const api = await get("/no/such/page", "application/json");
    expect(api.statusCode).toBe(404);
    expect(api.json()).toMatchObject({ typeKey: "VssResourceNotFoundException" });
  });

  it("does not serve files outside the build", async () => {
    for (const url of ["/../package.json", "/%2e%2e/package.json", "/assets/..%2f..%2fpackage.json"]) {
      const response = await get(url, "*/*");
      expect(response.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(response.body, url).not.toContain('"name": "patina"');
    }
  });
});

describe("a server whose web UI is not built", () => {
  it("still starts, and says so at / while the API paths keep their 404", async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "patina-no-ui-"));
    const app = Fastify();
    app.setNotFoundHandler((_request, reply) => reply.code(404).send({ typeKey: "VssResourceNotFoundException" }));
    try {
      await registerWebRoutes(app, { uiDir: empty });
      const page = await app.inject({ url: "/", headers: { accept: "text/html" } });
      expect(page.statusCode).toBe(503);
      expect(page.body).toContain("web UI has not been built");
      expect(page.body).toContain("npm run build");
      const api = await app.inject({ url: "/_apis/nothing", headers: { accept: "text/html" } });
      expect(api.statusCode).toBe(404);
    } finally {
      await app.close();
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
