/**
 * The pure scanner: only checksum-valid tokens count; lines and 1-based code-point columns are
 * right with several tokens on a line, multibyte text before them, CRLF line ends, text given in
 * pieces split anywhere, and lines longer than the scanner's bound.
 */
import { describe, expect, it } from "vitest";
import { generateToken, tokenHint } from "../../src/domain/token-format.js";
import { createTokenScanner, type TokenMatch } from "../../src/domain/token-scan.js";

const PREFIX = "patina_";

function scanAll(text: string, prefixes = [PREFIX], maxPending?: number): TokenMatch[] {
  const scanner = createTokenScanner(prefixes, maxPending);
  return [...scanner.push(text), ...scanner.end()];
}

function scanInPieces(pieces: readonly string[], prefixes = [PREFIX], maxPending?: number): TokenMatch[] {
  const scanner = createTokenScanner(prefixes, maxPending);
  return [...pieces.flatMap((piece) => scanner.push(piece)), ...scanner.end()];
}

const where = (matches: readonly TokenMatch[]) => matches.map((m) => [m.line, m.column, m.token]);

/** A candidate with the right shape whose checksum is wrong. */
function withBadChecksum(token: string): string {
  const last = token.at(-1) === "A" ? "B" : "A";
  return token.slice(0, -1) + last;
}

describe("token scanner", () => {
  it("finds several tokens on one line at their 1-based columns, with the hint", () => {
    const first = generateToken(PREFIX);
    const second = generateToken(PREFIX);
    const matches = scanAll(`a=${first} b=${second}\n`);
    expect(where(matches)).toEqual([
      [1, 3, first],
      [1, 3 + first.length + 3, second],
    ]);
    expect(matches[0]?.hint).toBe(tokenHint(first, PREFIX));
    expect(matches[0]?.hint).toHaveLength(PREFIX.length + 4);
  });

  it("counts columns in code points: accents, CJK and an emoji before the token are one column each", () => {
    const token = generateToken(PREFIX);
    // "é" is 2 bytes in UTF-8, "漢" 3, "🔑" 4 bytes and 2 UTF-16 units: each is one column.
    const matches = scanAll(`é漢🔑\t${token}`);
    expect(where(matches)).toEqual([[1, 5, token]]);
  });

  it("counts lines by LF; a CRLF line's CR changes nothing", () => {
    const first = generateToken(PREFIX);
    const second = generateToken(PREFIX);
    const matches = scanAll(`one\r\n  ${first}\r\n\r\nx ${second}\r\n`);
    expect(where(matches)).toEqual([
      [2, 3, first],
      [4, 3, second],
    ]);
  });

  it("ignores candidates with a bad checksum, a short body or a character outside base62", () => {
    const token = generateToken(PREFIX);
    const text = [
      withBadChecksum(token),
      `${PREFIX}${"A".repeat(49)}`,
      token.slice(0, -1),
      `${token.slice(0, 20)}-${token.slice(21)}`,
      "patina_xxx",
    ].join("\n");
    expect(scanAll(text)).toEqual([]);
  });

  it("reports a token followed by more letters, and one that starts inside a false candidate", () => {
    const token = generateToken("pat");
    // "patab…" is a false candidate whose 49 characters overlap the real token after it.
    const matches = scanAll(`patab${token}xyz`, ["pat"]);
    expect(where(matches)).toEqual([[1, 6, token]]);
  });

  it("finds tokens of every prefix asked for, once each", () => {
    const ours = generateToken(PREFIX);
    const theirs = generateToken("acme_pat_");
    const matches = scanAll(`${ours} ${theirs}`, [PREFIX, "acme_pat_", PREFIX]);
    expect(where(matches)).toEqual([
      [1, 1, ours],
      [1, ours.length + 2, theirs],
    ]);
    expect(matches.map((m) => m.prefix)).toEqual([PREFIX, "acme_pat_"]);
    // Another installation's token is not found by our prefix alone.
    expect(scanAll(theirs)).toEqual([]);
  });

  it("finds the same tokens wherever the text is split into pieces", () => {
    const first = generateToken(PREFIX);
    const second = generateToken(PREFIX);
    const text = `é ${first}\r\nz🔑${second}\n`;
    const expected = where(scanAll(text));
    expect(expected).toEqual([
      [1, 3, first],
      [2, 3, second],
    ]);
    for (let split = 0; split <= text.length; split++) {
      expect(where(scanInPieces([text.slice(0, split), text.slice(split)]))).toEqual(expected);
    }
    expect(where(scanInPieces([...text]))).toEqual(expected);
  });

  it("keeps at most its bound of a long line and still finds every token with the right column", () => {
    const tokens = [generateToken(PREFIX), generateToken(PREFIX), generateToken(PREFIX)];
    const filler = "x".repeat(250);
    // One line of about 1000 characters, fed in pieces of 7 to a scanner bounded at 100.
    const line = `${filler}${tokens[0]}${filler}🔑${tokens[1]}${filler}${tokens[2]}`;
    const pieces = line.match(/[\s\S]{1,7}/gu) ?? [];
    const matches = scanInPieces(pieces, [PREFIX], 100);
    const column0 = filler.length + 1;
    const column1 = column0 + 56 + filler.length + 1;
    const column2 = column1 + 56 + filler.length;
    expect(where(matches)).toEqual([
      [1, column0, tokens[0]],
      [1, column1, tokens[1]],
      [1, column2, tokens[2]],
    ]);
    expect(where(scanAll(line))).toEqual(where(matches));
  });
});
