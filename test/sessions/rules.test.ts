/** The pure rules behind sessions: throttle arithmetic, expiry, cookie parsing, CSRF comparison. */
import { describe, expect, it } from "vitest";
import { csrfMatches, isStateChanging } from "../../src/sessions/csrf.js";
import { readSessionCookie, sessionCookie } from "../../src/sessions/session-cookie.js";
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS, sessionStatus } from "../../src/sessions/session-policy.js";
import {
  ACCOUNT_POLICY,
  ADDRESS_POLICY,
  afterFailure,
  chargesOf,
  checkThrottle,
  PAIR_POLICY,
  type ThrottleState,
} from "../../src/sessions/throttle-policy.js";

describe("throttle policy", () => {
  it("allows the free failures, then blocks with doubling delays up to the cap", () => {
    let state: ThrottleState | undefined;
    const delays: number[] = [];
    let now = 0;
    for (let i = 0; i < 12; i++) {
      state = afterFailure(state, now, PAIR_POLICY);
      delays.push(state.blockedUntilMs === null ? 0 : (state.blockedUntilMs - now) / 1000);
      now = state.blockedUntilMs ?? now + 1000;
    }
    expect(delays).toEqual([0, 0, 0, 0, 30, 60, 120, 240, 480, 900, 900, 900]);
  });

  it("forgets a key quiet for a whole window after its block", () => {
    let state: ThrottleState | undefined;
    for (let i = 0; i < 5; i++) state = afterFailure(state, 0, PAIR_POLICY);
    expect(checkThrottle(state, 29_000)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(checkThrottle(state, 30_000)).toEqual({ allowed: true });
    expect(afterFailure(state, 30_000 + PAIR_POLICY.windowMs - 1, PAIR_POLICY).failures).toBe(6);
    expect(afterFailure(state, 30_000 + PAIR_POLICY.windowMs, PAIR_POLICY).failures).toBe(1);
  });

  it("charges the account only with a pair's free failures, and the address only with a pair's first", () => {
    let pair: ThrottleState | undefined;
    const charges: string[] = [];
    for (let i = 0; i < 8; i++) {
      pair = afterFailure(pair, i, PAIR_POLICY);
      const { account, address } = chargesOf(pair);
      charges.push(`${account ? "A" : "-"}${address ? "D" : "-"}`);
    }
    expect(charges).toEqual(["AD", "A-", "A-", "A-", "A-", "--", "--", "--"]);
  });

  it("keeps one address's charges below the wider keys' thresholds", () => {
    // A pair restarts only after the account row it charged has lapsed.
    expect(ACCOUNT_POLICY.windowMs).toBeLessThanOrEqual(PAIR_POLICY.windowMs);
    expect(PAIR_POLICY.freeFailures).toBeLessThan(ACCOUNT_POLICY.freeFailures);
    expect(ADDRESS_POLICY.freeFailures).toBeGreaterThan(1);
  });
});

describe("session expiry", () => {
  const times = { lastSeenAtMs: 0, expiresAtMs: SESSION_ABSOLUTE_MS };
  it("is idle after 8 hours without use and over at the absolute expiry", () => {
    expect(sessionStatus(times, SESSION_IDLE_MS - 1)).toBe("active");
    expect(sessionStatus(times, SESSION_IDLE_MS)).toBe("idleExpired");
    expect(sessionStatus({ ...times, lastSeenAtMs: SESSION_ABSOLUTE_MS - 1 }, SESSION_ABSOLUTE_MS)).toBe("expired");
  });
});

describe("session cookie", () => {
  const id = "a".repeat(43);
  it("reads our cookie among others, and nothing malformed", () => {
    expect(readSessionCookie(`theme=dark; patina_session=${id}; x=1`)).toBe(id);
    expect(readSessionCookie(`patina_session=${id}`)).toBe(id);
    expect(readSessionCookie(`xpatina_session=${id}`)).toBeUndefined();
    expect(readSessionCookie(`patina_session=${id}!`)).toBeUndefined();
    expect(readSessionCookie("patina_session=")).toBeUndefined();
    expect(readSessionCookie(undefined)).toBeUndefined();
  });

  it("is HttpOnly, SameSite=Lax, for the whole site, Secure on request", () => {
    expect(sessionCookie(id, 60, false)).toBe(`patina_session=${id}; Path=/; Max-Age=60; HttpOnly; SameSite=Lax`);
    expect(sessionCookie(id, 60, true)).toMatch(/; Secure$/);
  });
});

describe("CSRF", () => {
  it("matches only the exact secret, and only on state-changing methods", () => {
    expect(csrfMatches("secret", "secret")).toBe(true);
    expect(csrfMatches("secreT", "secret")).toBe(false);
    expect(csrfMatches(["secret"], "secret")).toBe(false);
    expect(csrfMatches(undefined, "secret")).toBe(false);
    expect(["GET", "HEAD", "OPTIONS"].some(isStateChanging)).toBe(false);
    expect(["POST", "PUT", "PATCH", "DELETE"].every(isStateChanging)).toBe(true);
  });
});
