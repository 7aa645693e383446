/**
 * `GET /metrics` in its three modes (PATINA_METRICS), its counters moving with real requests,
 * and nothing in it that names a token, a user or a client address.
 */
import { afterEach, describe, expect, it } from "vitest";
import { generateToken } from "../../src/domain/token-format.js";
import { createBackendSlots } from "../../src/git/backend-slots.js";
import { expectCredentialFailure } from "../support/credential-failure.js";
import { testDatabases } from "../support/databases.js";
import { basic, startTestApp, type TestApp } from "../support/test-app.js";

const CLIENT_IP = "203.0.113.77";

/** Parses the Prometheus text format strictly enough to catch a malformed line: sample name{labels} → value. */
function parseMetrics(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("# HELP ") || line.startsWith("# TYPE ")) continue;
    const match =
      /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{(?:[a-zA-Z_][a-zA-Z0-9_]*="[^"]*",?)*\})?) (-?[0-9.e+]+|NaN|\+Inf)$/.exec(line);
    if (match === null) throw new Error(`not a metrics line: ${line}`);
    samples.set(match[1] ?? "", Number(match[2]));
  }
  return samples;
}

describe.each(testDatabases())("/metrics on $name", (database) => {
  let t: TestApp;
  afterEach(async () => {
    await t?.close();
  });

  async function start(mode: string | undefined) {
    t = await startTestApp(database, mode === undefined ? {} : { PATINA_METRICS: mode });
    await t.createUser("root", { admin: true });
    await t.createUser("alice");
    await t.createOrg("acme", "alice");
    await t.addMember("acme", "root", "admin");
  }
  const scrape = (headers: Record<string, string> = {}) =>
    t.app.server.inject({ url: "/metrics", headers, remoteAddress: CLIENT_IP });

  it("is not there when off", async () => {
    await start("off");
    const response = await scrape();
    expect(response.statusCode).toBe(404);
  });

  it("answers anyone in the text format when open, and its counters move with requests", async () => {
    await start("open");
    const pat = await t.mintToken("alice", { org: "acme", scope: "vso.pats" });
    const listed = await t.app.server.inject({
      url: "/acme/_apis/tokens/pats?api-version=7.1",
      headers: basic(pat.token),
      remoteAddress: CLIENT_IP,
    });
    expect(listed.statusCode).toBe(200);
    const before = parseMetrics((await scrape()).body);
    const unknown = generateToken("patina_");
    const refused = await t.app.server.inject({
      url: "/acme/_apis/tokens/pats?api-version=7.1",
      headers: basic(unknown),
      remoteAddress: CLIENT_IP,
    });
    expect(refused.statusCode).toBe(401);
    t.app.services.metricsSources.jobs = () => ({ "usage.prune": { runs: 3, failures: 1 } });
    t.app.services.metricsSources.notifications = () => ({ sent: 5, failed: 2 });

    const response = await scrape();
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
    const after = parseMetrics(response.body);
    const rejectedUnknown = 'patina_auth_refused_total{outcome="rejected",reason="unknown"}';
    expect(after.get(rejectedUnknown)).toBe((before.get(rejectedUnknown) ?? 0) + 1);
    const tokensRoute = 'method="GET",route="/:org/_apis/tokens/pats",status_class="2xx"';
    expect(after.get(`patina_http_request_duration_seconds_count{${tokensRoute}}`)).toBe(1);
    expect(after.get(`patina_http_request_duration_seconds_bucket{le="+Inf",${tokensRoute}}`)).toBe(1);
    expect(
      after.get('patina_http_request_duration_seconds_count{method="GET",route="/metrics",status_class="2xx"}'),
    ).toBe(1);
    expect(after.get("patina_auth_admitted_total")).toBeGreaterThanOrEqual(1);
    expect(after.get("patina_token_cache_misses_total")).toBeGreaterThanOrEqual(1);
    expect(after.get("patina_git_processes_running")).toBe(0);
    expect(after.get("patina_git_processes_refused_total")).toBe(0);
    expect(after.get('patina_job_runs_total{job="usage.prune"}')).toBe(3);
    expect(after.get('patina_job_failures_total{job="usage.prune"}')).toBe(1);
    expect(after.get("patina_notifications_sent_total")).toBe(5);
    expect(after.get("patina_notifications_failed_total")).toBe(2);

    // Nothing that names a token, a user or an address.
    for (const secret of [pat.token, unknown, pat.authorizationId, "alice", "root", CLIENT_IP, "acme/"]) {
      expect(response.body).not.toContain(secret);
    }
    // An unknown URL is counted under one label, not under what the client typed.
    await t.app.server.inject({ url: "/no/such/place-alice", remoteAddress: CLIENT_IP });
    const text = (await scrape()).body;
    expect(text).toContain('route="(unmatched)"');
    expect(text).not.toContain("place-alice");
  });

  it("needs an instance administrator's token with patina.metrics by default", async () => {
    await start(undefined);
    const admin = await t.mintToken("root", { org: "acme", scope: "patina.metrics" });
    const adminFull = await t.mintToken("root", { org: "acme", scope: "app_token" });
    const adminOther = await t.mintToken("root", { org: "acme", scope: "vso.pats" });
    const user = await t.mintToken("alice", { org: "acme", scope: "patina.metrics" });

    const none = await scrape();
    expectCredentialFailure(none);
    expect((await scrape(basic(user.token))).statusCode).toBe(403);
    expect((await scrape(basic(adminOther.token))).statusCode).toBe(403);
    // Full access does not include it: like introspection, it is asked for by name.
    expect((await scrape(basic(adminFull.token))).statusCode).toBe(403);
    const allowed = await scrape(basic(admin.token));
    expect(allowed.statusCode).toBe(200);
    const samples = parseMetrics(allowed.body);
    expect(samples.get('patina_auth_refused_total{outcome="denied",reason="notInstanceAdmin"}')).toBe(1);
    expect(samples.get('patina_auth_refused_total{outcome="denied",reason="missingScope"}')).toBe(2);
    expect(samples.get('patina_auth_refused_total{outcome="rejected",reason="missing"}')).toBe(1);
    expect(allowed.body).not.toContain(admin.token);
  });
});

describe("git backend slots", () => {
  it("count the requests they refuse, not the ones whose client left", async () => {
    const slots = createBackendSlots(1);
    const release = await slots.acquire(0);
    expect(await slots.acquire(0)).toBeUndefined();
    expect(await slots.acquire(5)).toBeUndefined();
    const gone = new AbortController();
    gone.abort();
    expect(await slots.acquire(1000, gone.signal)).toBeUndefined();
    expect(slots.refused()).toBe(2);
    expect(slots.running()).toBe(1);
    release?.();
    expect(slots.running()).toBe(0);
  });
});
