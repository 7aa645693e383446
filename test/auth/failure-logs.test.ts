/**
 * A flood of bad credentials cannot fill the disk: each failure writes one line at most, a
 * burst of lines is followed by a steady trickle, and the rest are counted by reason in a summary
 * line, so every failure stays countable. No token value reaches the log.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateToken } from "../../src/domain/token-format.js";
import { FAILURE_LOG_BURST } from "../../src/logger.js";
import { SESSION_COOKIE } from "../../src/sessions/session-cookie.js";
import { testDatabases } from "../support/databases.js";
import { call, startTestApp, type TestApp } from "../support/test-app.js";

const FLOOD = 1000;

describe.each(testDatabases())("failure logs on $name", (database) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(database);
  });
  afterAll(async () => t?.close());

  it("writes a bounded number of lines for 1,000 bad credentials, and counts them all", async () => {
    const sent: string[] = [];
    const before = t.logs.length;
    for (let i = 0; i < FLOOD; i++) {
      const token = generateToken("patina_");
      sent.push(token);
      const response = await call(t, "GET", "/_apis/connectionData", { token });
      expect([401, 429]).toContain(response.statusCode);
    }
    t.app.services.failureLog.flush();
    const lines = t.logs.slice(before).map((line) => JSON.parse(line) as Record<string, unknown>);

    // One line per failure at most, and no more than a burst's worth plus the summary.
    expect(lines.length).toBeLessThanOrEqual(FAILURE_LOG_BURST + 1);
    const individual = lines.filter((line) => line.msg === "credential rejected");
    const summaries = lines.filter((line) => line.msg === "failures not logged one by one");
    expect(individual.length + summaries.length).toBe(lines.length);
    expect(individual.every((line) => line.reason === "unknown")).toBe(true);
    const summarized = summaries.reduce(
      (sum, line) => sum + ((line.reasons as Record<string, number>).unknown ?? 0),
      0,
    );
    expect(individual.length + summarized).toBe(FLOOD);

    const text = lines.map((line) => JSON.stringify(line)).join("\n");
    for (const token of sent) expect(text).not.toContain(token);
  });

  it("shares the limit with every other failure line, counted by reason", async () => {
    const before = t.logs.length;
    for (let i = 0; i < FLOOD; i++) expect((await call(t, "GET", `/_apis/nothing-${i}`)).statusCode).toBe(404);
    t.app.services.failureLog.flush();
    const lines = t.logs.slice(before).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.length).toBeLessThanOrEqual(FAILURE_LOG_BURST + 1);
    const individual = lines.filter((line) => line.msg === "request failed" && line.reason === "notFound");
    const summary = lines.find((line) => line.msg === "failures not logged one by one");
    expect(individual.length + ((summary?.reasons as Record<string, number>)?.notFound ?? 0)).toBe(FLOOD);
  });

  it("limits the web session's refusals too: stale cookies are one line each at most, all counted", async () => {
    const before = t.logs.length;
    const sent: string[] = [];
    for (let i = 0; i < FLOOD; i++) {
      // Well-formed ids of no session: each is looked up, and refused as unknown.
      const id = randomBytes(32).toString("base64url");
      sent.push(id);
      const response = await t.app.server.inject({
        method: "GET",
        url: "/_apis/patina/session",
        headers: { cookie: `${SESSION_COOKIE}=${id}` },
      });
      expect(response.statusCode).toBe(401);
    }
    t.app.services.failureLog.flush();
    const lines = t.logs.slice(before).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.length).toBeLessThanOrEqual(FAILURE_LOG_BURST + 1);
    const individual = lines.filter((line) => line.msg === "request failed" && line.reason === "unknown");
    const summary = lines.find((line) => line.msg === "failures not logged one by one");
    expect(individual.length + ((summary?.reasons as Record<string, number>)?.unknown ?? 0)).toBe(FLOOD);
    const text = lines.map((line) => JSON.stringify(line)).join("\n");
    for (const id of sent) expect(text).not.toContain(id);
  });
});
