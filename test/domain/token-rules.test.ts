import { describe, expect, it } from "vitest";
import {
  checkDisplayName,
  decideValidTo,
  defaultValidTo,
  regeneratedValidTo,
  requestedValidTo,
  tokenStatus,
} from "../../src/domain/token-rules.js";

const DAY = 86_400_000;
const now = new Date("2026-06-01T12:00:00.000Z");

describe("lifecycle rules", () => {
  it("trims names and bounds them to 1–256 characters", () => {
    expect(checkDisplayName("  ci  ")).toEqual({ ok: true, value: "ci" });
    expect(checkDisplayName(" ")).toMatchObject({ ok: false, error: "displayNameRequired" });
    expect(checkDisplayName("x".repeat(256)).ok).toBe(true);
    expect(checkDisplayName("x".repeat(257))).toMatchObject({ ok: false, error: "invalidDisplayName" });
  });

  it("accepts future ISO dates, clamps beyond the maximum, rejects the rest", () => {
    expect(decideValidTo("2026-07-01T00:00:00Z", now, now, 365)).toEqual({
      ok: true,
      value: { validTo: new Date("2026-07-01T00:00:00Z"), clamped: false },
    });
    const clamped = decideValidTo("2030-01-01", now, now, 365);
    expect(clamped).toEqual({ ok: true, value: { validTo: new Date(now.getTime() + 365 * DAY), clamped: true } });
    expect(decideValidTo("2026-07-15", now, now, 30)).toMatchObject({ ok: true, value: { clamped: true } });
    for (const bad of ["2026-06-01T12:00:00Z", "2020-01-01", "soon", "1767225600000", "2026-02-30", ""]) {
      expect(decideValidTo(bad, now, now, 365), bad).toMatchObject({ ok: false, error: "invalidValidTo" });
    }
  });

  it("derives status, revocation first", () => {
    expect(tokenStatus({ revokedAt: null, validTo: "2026-06-02T00:00:00Z" }, now)).toBe("active");
    expect(tokenStatus({ revokedAt: null, validTo: "2026-06-01T12:00:00Z" }, now)).toBe("expired");
    expect(tokenStatus({ revokedAt: "2026-05-01T00:00:00Z", validTo: "2020-01-01T00:00:00Z" }, now)).toBe("revoked");
  });

  it("restarts the same lifespan on regeneration, capped by the maximum", () => {
    const previous = { validFrom: "2026-05-01T12:00:00.000Z", validTo: "2026-05-31T12:00:00.000Z" };
    expect(regeneratedValidTo(previous, now, 365)).toEqual(new Date(now.getTime() + 30 * DAY));
    expect(regeneratedValidTo(previous, now, 7)).toEqual(new Date(now.getTime() + 7 * DAY));
  });

  it("gives a token created without validTo 30 days, or the maximum lifespan when a policy makes it shorter", () => {
    expect(defaultValidTo(now, 365)).toEqual(new Date(now.getTime() + 30 * DAY));
    expect(defaultValidTo(now, 30)).toEqual(new Date(now.getTime() + 30 * DAY));
    expect(defaultValidTo(now, 7)).toEqual(new Date(now.getTime() + 7 * DAY));
    // Never beyond the hard maximum, whatever it is told.
    expect(defaultValidTo(now, 10_000)).toEqual(new Date(now.getTime() + 30 * DAY));
  });

  it("reads absent, null and .NET's unset DateTime as no validTo, anything else as asked", () => {
    for (const unset of [undefined, null, "0001-01-01T00:00:00", "0001-01-01T00:00:00Z"]) {
      expect(requestedValidTo(unset)).toBeUndefined();
    }
    expect(requestedValidTo("2026-07-01T00:00:00Z")).toBe("2026-07-01T00:00:00Z");
    expect(requestedValidTo("yesterday")).toBe("yesterday");
  });
});
