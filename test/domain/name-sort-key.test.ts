import { describe, expect, it } from "vitest";
import { nameSortKey } from "../../src/domain/name-sort-key.js";

const sorted = (names: string[]) =>
  [...names].sort((a, b) => {
    const [ka, kb] = [nameSortKey(a), nameSortKey(b)];
    if (ka !== kb) return ka < kb ? -1 : 1;
    return a < b ? -1 : a > b ? 1 : 0;
  });

describe("the name sort key", () => {
  it("ignores case, so alpha sits next to Alpha", () => {
    expect(nameSortKey("Alpha")).toBe(nameSortKey("alpha"));
    expect(sorted(["beta", "Alpha", "Zulu", "alpha", "Beta"])).toEqual(["Alpha", "alpha", "Beta", "beta", "Zulu"]);
  });

  it("orders numbers as numbers, however many digits", () => {
    expect(sorted(["ci-token-10", "ci-token-2", "ci-token-1", "ci-token-100", "ci-token-9"])).toEqual([
      "ci-token-1",
      "ci-token-2",
      "ci-token-9",
      "ci-token-10",
      "ci-token-100",
    ]);
    expect(sorted(["v1.10", "v1.9", "v2", "v1.9.1"])).toEqual(["v1.9", "v1.9.1", "v1.10", "v2"]);
  });

  it("treats leading zeros as the same number, the name breaking the tie", () => {
    expect(nameSortKey("build-007")).toBe(nameSortKey("build-7"));
    expect(sorted(["build-10", "build-007", "build-8"])).toEqual(["build-007", "build-8", "build-10"]);
    expect(nameSortKey("a0")).toBe("a010");
  });

  it("folds compatibility forms, and runs longer than 99 digits still give a key", () => {
    expect(nameSortKey("Ｔｏｋｅｎ")).toBe(nameSortKey("token"));
    expect(nameSortKey(`n${"9".repeat(150)}`)).toBe(`n99${"9".repeat(99)}`);
  });
});
