/** The pure notice rules: retry backoff and its bound, expiry thresholds, the day list, own revocations. */
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config/config.js";
import {
  afterFailure,
  dueExpiryNotices,
  isOwnRevocation,
  MAX_NOTICE_ATTEMPTS,
  parseExpiryDays,
} from "../../src/domain/notice-rules.js";
import { composeNotice, oneLine } from "../../src/notifications/notice-content.js";

const DAY = 24 * 60 * 60 * 1000;
const now = new Date("2026-12-01T12:00:00.000Z");
const at = (days: number) => new Date(now.getTime() + days * DAY);

describe("notice rules", () => {
  it("backs off exponentially up to an hour, then gives up", () => {
    const delays = Array.from({ length: MAX_NOTICE_ATTEMPTS }, (_, i) => {
      const next = afterFailure(i + 1, now);
      return next.retry ? (next.at.getTime() - now.getTime()) / 60_000 : "give up";
    });
    expect(delays).toEqual([1, 2, 4, 8, 16, 32, 60, "give up"]);
  });

  it("sends the nearest crossed threshold only, and none longer than the token's life", () => {
    const token = { validFrom: at(-60), validTo: at(5) };
    expect(dueExpiryNotices(token, now, [30, 7])).toEqual([
      { days: 7, send: true },
      { days: 30, send: false },
    ]);
    expect(dueExpiryNotices({ validFrom: at(-60), validTo: at(20) }, now, [30, 7])).toEqual([{ days: 30, send: true }]);
    expect(dueExpiryNotices({ validFrom: at(-60), validTo: at(40) }, now, [30, 7])).toEqual([]);
    expect(dueExpiryNotices({ validFrom: at(-1), validTo: at(5) }, now, [7])).toEqual([{ days: 7, send: false }]);
    expect(dueExpiryNotices({ validFrom: at(-30), validTo: at(-1) }, now, [7])).toEqual([]);
  });

  it("parses GitLab-style day lists and refuses anything else", () => {
    expect(parseExpiryDays("7")).toEqual({ ok: true, days: [7] });
    expect(parseExpiryDays("7, 30,7")).toEqual({ ok: true, days: [30, 7] });
    for (const bad of ["", "0", "366", "7,", "seven", "-1", "1.5"]) expect(parseExpiryDays(bad).ok).toBe(false);
  });

  it("knows a revocation by the owner", () => {
    expect(isOwnRevocation("u1", "u1")).toBe(true);
    expect(isOwnRevocation("u2", "u1")).toBe(false);
    expect(isOwnRevocation(null, "u1")).toBe(false);
  });

  it("keeps subjects on one line", () => {
    expect(oneLine("a\r\nBcc: x\u2028y")).toBe("a Bcc: x y");
    const facts = {
      tokenDisplayName: "x\r\nTo: y",
      secretHint: "patina_abcd",
      validTo: at(5).toISOString(),
      orgName: null,
    };
    const composed = composeNotice("created", facts, { publicUrl: "https://p.example", recipientName: "A" });
    expect(composed.subject).not.toMatch(/[\r\n]/);
    expect(composed.text).toContain("Organization: All accessible organizations");
  });
});

describe("notification configuration", () => {
  it("has defaults and validates PATINA_MAIL_FROM, PATINA_EXPIRY_NOTICE_DAYS and PATINA_JOBS", () => {
    const config = loadConfig({}, "/tmp");
    expect(config.mailFrom).toBe("Patina <patina@localhost>");
    expect(config.expiryNoticeDays).toEqual([7]);
    expect(config.jobsEnabled).toBe(true);
    expect(loadConfig({ PATINA_EXPIRY_NOTICE_DAYS: "7,30", PATINA_JOBS: "off" }, "/tmp")).toMatchObject({
      expiryNoticeDays: [30, 7],
      jobsEnabled: false,
    });
    expect(loadConfig({ PATINA_MAIL_FROM: "ops@example.org" }, "/tmp").mailFrom).toBe("ops@example.org");
    expect(() => loadConfig({ PATINA_MAIL_FROM: "Patina <x@y>\r\nBcc: z@w" }, "/tmp")).toThrow(/PATINA_MAIL_FROM/);
    expect(() => loadConfig({ PATINA_MAIL_FROM: "not an address" }, "/tmp")).toThrow(ConfigError);
    expect(() => loadConfig({ PATINA_EXPIRY_NOTICE_DAYS: "0" }, "/tmp")).toThrow(/PATINA_EXPIRY_NOTICE_DAYS/);
    expect(() => loadConfig({ PATINA_JOBS: "maybe" }, "/tmp")).toThrow(/PATINA_JOBS/);
  });
});
