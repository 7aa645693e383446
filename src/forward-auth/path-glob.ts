/**
 * Path globs of forward-auth rules: `*` is exactly one path segment, `**` any number of them
 * (zero included), anything else a literal segment compared case-insensitively. Wildcards
 * inside a segment (`*.tgz`) are not globs here: they would be easy to get subtly wrong. Pure.
 */
import { segmentProblem } from "./request-path.js";

/** One segment of a compiled glob. */
export type GlobSegment = { kind: "literal"; value: string } | { kind: "one" } | { kind: "any" };

export type GlobParse = { ok: true; segments: readonly GlobSegment[] } | { ok: false; message: string };

/** Compiles a glob such as `/packages/*\/**`; the message says what is wrong with a bad one. */
export function parsePathGlob(glob: string): GlobParse {
  if (!glob.startsWith("/")) return { ok: false, message: "a path starts with '/'" };
  if (glob === "/") return { ok: true, segments: [] };
  const segments: GlobSegment[] = [];
  for (const part of glob.slice(1).split("/")) {
    if (part === "**") segments.push({ kind: "any" });
    else if (part === "*") segments.push({ kind: "one" });
    else if (part.includes("*")) return { ok: false, message: `segment "${part}": '*' must be a whole segment` };
    else {
      // A literal no normalized path can contain would silently never match.
      const problem = segmentProblem(part);
      if (problem !== undefined) return { ok: false, message: `segment "${part}" ${problem}` };
      segments.push({ kind: "literal", value: part.toLowerCase() });
    }
  }
  return { ok: true, segments };
}

/**
 * True when the glob matches the (lower-cased) path segments. Linear in the product of the
 * two lengths, whatever the number of `**`: no backtracking for a hostile path to exploit.
 */
export function globMatches(glob: readonly GlobSegment[], path: readonly string[]): boolean {
  // reachable[j]: the glob segments seen so far can consume exactly the first j path segments.
  let reachable: boolean[] = Array.from({ length: path.length + 1 }, (_, j) => j === 0);
  for (const part of glob) {
    const next: boolean[] = new Array<boolean>(path.length + 1).fill(false);
    for (let j = 0; j <= path.length; j++) {
      if (!reachable[j]) continue;
      if (part.kind === "any") {
        // From the first reachable position on, `**` reaches every later one.
        next.fill(true, j);
        break;
      }
      if (j < path.length && (part.kind === "one" || part.value === path[j])) next[j + 1] = true;
    }
    reachable = next;
  }
  return reachable[path.length] === true;
}
