/** The least-privilege suggestion: the narrowest scope string covering every scope a token's requests needed. */
import { describe, expect, it } from "vitest";
import { suggestLeastPrivilege } from "../../src/domain/least-privilege.js";
import { dailySeries, dayNumberOf, scopesExercised } from "../../src/domain/usage-days.js";

describe("suggestLeastPrivilege", () => {
  it("keeps the scopes used, dropping those another used scope implies", () => {
    expect(suggestLeastPrivilege(["vso.code"])).toBe("vso.code");
    expect(suggestLeastPrivilege(["vso.code", "vso.code_write"])).toBe("vso.code_write");
    expect(suggestLeastPrivilege(["vso.project", "vso.code"])).toBe("vso.code vso.project");
    expect(suggestLeastPrivilege(["vso.code_status", "vso.code_full"])).toBe("vso.code_full");
    expect(suggestLeastPrivilege(["vso.pats", "vso.pats_manage", "patina.introspect"])).toBe(
      "vso.pats_manage patina.introspect",
    );
  });

  it("suggests nothing when no request needed a scope", () => {
    expect(suggestLeastPrivilege([])).toBeNull();
    expect(suggestLeastPrivilege(["none", "not-a-scope"])).toBeNull();
  });
});

describe("dailySeries", () => {
  it("fills every day of the period with zeros, oldest first, and merges two accounts of a day", () => {
    const today = dayNumberOf(Date.UTC(2026, 11, 1, 12));
    const day = { requests: 1, scopes: { "vso.code": 1 }, clientAddresses: ["10.0.0.1"], userAgents: [] };
    const series = dailySeries(today, 3, [
      { date: "2026-12-01", ...day },
      { date: "2026-12-01", ...day, clientAddresses: ["10.0.0.2"] },
      { date: "2026-11-01", ...day },
    ]);
    expect(series.map((d) => [d.date, d.requests])).toEqual([
      ["2026-11-29", 0],
      ["2026-11-30", 0],
      ["2026-12-01", 2],
    ]);
    expect(series[2]?.clientAddresses).toEqual(["10.0.0.1", "10.0.0.2"]);
    expect(scopesExercised(series)).toEqual(["vso.code"]);
  });
});
