import { describe, expect, it } from "vitest";
import { checkTokenShape, generateToken, tokenHint, tokenSearchPattern } from "../../src/domain/token-format.js";

describe("token format", () => {
  it("generates distinct, well-formed tokens under 100 characters", () => {
    const tokens = new Set(Array.from({ length: 200 }, () => generateToken("patina_")));
    expect(tokens.size).toBe(200);
    for (const token of tokens) {
      expect(token).toMatch(/^patina_[0-9A-Za-z]{49}$/);
      expect(checkTokenShape(token, "patina_")).toBe("valid");
    }
    expect(generateToken("a".repeat(40)).length).toBeLessThan(100);
  });

  it("detects any single changed character through the checksum", () => {
    const token = generateToken("patina_");
    for (let i = 7; i < token.length; i++) {
      const replacement = token[i] === "x" ? "y" : "x";
      const tampered = token.slice(0, i) + replacement + token.slice(i + 1);
      expect(checkTokenShape(tampered, "patina_"), `position ${i}`).toBe("badChecksum");
    }
  });

  it("calls the wrong length, prefix or alphabet malformed", () => {
    const token = generateToken("patina_");
    expect(checkTokenShape(token.slice(1), "patina_")).toBe("malformed");
    expect(checkTokenShape(`${token}A`, "patina_")).toBe("malformed");
    expect(checkTokenShape(token, "other_")).toBe("malformed");
    expect(checkTokenShape(`${token.slice(0, 20)}-${token.slice(21)}`, "patina_")).toBe("malformed");
    expect(checkTokenShape("", "patina_")).toBe("malformed");
  });

  it("keeps a hint of the prefix and four body characters", () => {
    const token = generateToken("patina_");
    expect(tokenHint(token, "patina_")).toBe(token.slice(0, 11));
  });

  it("finds tokens in free text for scanners", () => {
    const token = generateToken("patina_");
    const text = `export PAT=${token}\nother patina_short`;
    expect(text.match(tokenSearchPattern("patina_"))).toEqual([token]);
  });
});
