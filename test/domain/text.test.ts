/** The text rules: what no database can hold, what no name may contain, what a message may repeat. */
import { describe, expect, it } from "vitest";
import { echoed, hasInvisibleText, hasUnstorableText, isEchoable, MAX_ECHO_LENGTH } from "../../src/domain/text.js";

describe("text rules", () => {
  it("finds NUL and unpaired surrogates, not paired ones", () => {
    expect(hasUnstorableText("a\u0000b")).toBe(true);
    expect(hasUnstorableText("a\ud800")).toBe(true);
    expect(hasUnstorableText("\udfffa")).toBe(true);
    expect(hasUnstorableText("🔑 key")).toBe(false);
    expect(hasUnstorableText("tab\tnewline\n")).toBe(false);
  });

  it("finds what a reader could not see, and lets visible Unicode through", () => {
    for (const char of ["\t", "\n", "\r", "\u001b", "\u007f", "\u0085", "\u200b", "\u200e", "\u202e", "\u2066"]) {
      expect(hasInvisibleText(`a${char}b`), JSON.stringify(char)).toBe(true);
    }
    for (const char of ["\u2069", "\u2060", "\ufeff", "\u061c", "\u2028", "\ud83d"]) {
      expect(hasInvisibleText(`a${char}b`), JSON.stringify(char)).toBe(true);
    }
    expect(hasInvisibleText("Déploiement — 東京 🚀 (prod)")).toBe(false);
  });

  it("repeats only short plain values and GUIDs", () => {
    expect(echoed("web", "x")).toBe("'web'");
    expect(echoed("a".repeat(MAX_ECHO_LENGTH), "x")).toBe(`'${"a".repeat(MAX_ECHO_LENGTH)}'`);
    expect(echoed("a".repeat(MAX_ECHO_LENGTH + 1), "the name given")).toBe("the name given");
    expect(echoed("it's", "x")).toBe("x");
    expect(echoed("", "x")).toBe("x");
    expect(isEchoable("0f8fad5b-d9cb-469f-a165-70867728950e")).toBe(true);
    expect(isEchoable(`patina_${"A".repeat(49)}`)).toBe(false);
  });
});
