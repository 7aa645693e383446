/*
 * Finding Patina tokens in text, for `patina scan`. A candidate is a prefix followed by enough
 * characters; it counts only when `checkTokenShape` says "valid" (base62 body and the CRC32
 * checksum of token-format.ts), so a random `patina_…` string, a typo or a test placeholder is
 * not reported.
 *
 * Text arrives in pieces (files are streamed), so a token may be split between two pieces, and a
 * line may be longer than anything worth holding in memory (a minified bundle, a 2 GB log on one
 * line). The scanner keeps the unfinished line; when that grows past `maxPendingChars` it decides
 * every candidate that starts early enough to be complete and keeps only the tail that could
 * still begin one. Memory is bounded by that limit plus one piece, whatever the input.
 *
 * Positions: lines are counted by LF (a CRLF line's CR is not base62, so it is never part of a
 * token and never shifts a column); columns are 1-based and count Unicode code points, what an
 * editor shows as characters (a tab is one), not bytes and not UTF-16 units.
 */
import { checkTokenShape, TOKEN_BODY_LENGTH, TOKEN_CHECKSUM_LENGTH, tokenHint } from "./token-format.js";

/** One token found: where it starts, the prefix it was found by, and its value. */
export interface TokenMatch {
  /** 1-based line number. */
  readonly line: number;
  /** 1-based column, in code points. */
  readonly column: number;
  readonly prefix: string;
  /** The non-secret hint (prefix and the first body characters), what output may show. */
  readonly hint: string;
  /** The token itself: only for a leak report, never for output. */
  readonly token: string;
}

/** Finds tokens in text given piece by piece. */
export interface TokenScanner {
  /** Scans the next piece of text; returns the tokens it completed. */
  push(text: string): TokenMatch[];
  /** Ends the text; returns the tokens of the last, unterminated line. */
  end(): TokenMatch[];
}

/** Default bound on the unfinished line kept between pieces (characters). */
export const DEFAULT_MAX_PENDING_CHARS = 64 * 1024;

const SUFFIX_LENGTH = TOKEN_BODY_LENGTH + TOKEN_CHECKSUM_LENGTH;

/** Creates a scanner for tokens with any of these prefixes. */
export function createTokenScanner(
  prefixes: readonly string[],
  maxPendingChars: number = DEFAULT_MAX_PENDING_CHARS,
): TokenScanner {
  const uniquePrefixes = [...new Set(prefixes)];
  const longestToken = Math.max(...uniquePrefixes.map((prefix) => prefix.length)) + SUFFIX_LENGTH;
  // Below this the cut could drop the start of a candidate still waiting for its end.
  const bound = Math.max(maxPendingChars, longestToken);
  let line = 1;
  let pending = "";
  let pendingColumn = 1;

  function collect(text: string, startsBefore: number, out: TokenMatch[]) {
    let lastIndex = 0;
    let lastColumn = pendingColumn;
    for (const found of findTokens(text, startsBefore, uniquePrefixes)) {
      lastColumn += countCodePoints(text, lastIndex, found.index);
      lastIndex = found.index;
      const hint = tokenHint(found.token, found.prefix);
      out.push({ line, column: lastColumn, prefix: found.prefix, hint, token: found.token });
    }
  }

  return {
    push(piece) {
      const out: TokenMatch[] = [];
      const text = pending + piece;
      let start = 0;
      for (let newline = text.indexOf("\n"); newline !== -1; newline = text.indexOf("\n", start)) {
        const lineText = text.slice(start, newline);
        collect(lineText, lineText.length, out);
        line += 1;
        pendingColumn = 1;
        start = newline + 1;
      }
      pending = text.slice(start);
      if (pending.length > bound) {
        // Every candidate starting before the cut is complete in `pending`; the rest waits.
        let cut = pending.length - (longestToken - 1);
        if (isHighSurrogate(pending.charCodeAt(cut - 1))) cut -= 1;
        collect(pending, cut, out);
        pendingColumn += countCodePoints(pending, 0, cut);
        pending = pending.slice(cut);
      }
      return out;
    },
    end() {
      const out: TokenMatch[] = [];
      collect(pending, pending.length, out);
      pending = "";
      return out;
    },
  };
}

interface Found {
  readonly index: number;
  readonly prefix: string;
  readonly token: string;
}

/** Valid tokens in `text` that start before `startsBefore`, in order of position. */
function findTokens(text: string, startsBefore: number, prefixes: readonly string[]): Found[] {
  const found: Found[] = [];
  for (const prefix of prefixes) {
    let index = text.indexOf(prefix);
    while (index !== -1 && index < startsBefore) {
      const candidate = text.slice(index, index + prefix.length + SUFFIX_LENGTH);
      if (checkTokenShape(candidate, prefix) === "valid") {
        found.push({ index, prefix, token: candidate });
        index = text.indexOf(prefix, index + candidate.length);
      } else {
        // Step by one, not past the candidate: a real token may start inside a false one.
        index = text.indexOf(prefix, index + 1);
      }
    }
  }
  found.sort((a, b) => a.index - b.index);
  // Two prefixes cannot both be valid at one place unless CRC32 collides; keep one report.
  return found.filter((entry, i) => i === 0 || found[i - 1]?.index !== entry.index);
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** Code points in text[from, to): UTF-16 units, less the low halves of surrogate pairs. */
function countCodePoints(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code < 0xdc00 || code > 0xdfff) count += 1;
  }
  return count;
}
