/**
 * One page of a repository's refs, as Azure DevOps' GetRefs pages them: `filter` keeps names
 * that start with `refs/` + filter, `filterContains` names that contain it (ignoring case),
 * `$top` caps the page (at most 1000; 0 or less means all; 100 when a continuation token comes
 * without one), and the continuation token is the name of the first ref of the next page, as Azure
 * DevOps sends it. Pure.
 */
import type { BareRef } from "./bare-repository.js";
import { DEFAULT_REFS_PAGE, MAX_REFS_PAGE } from "./refs.schemas.js";

/** What a client asked for. */
export interface RefsQuery {
  readonly filter?: string | undefined;
  readonly filterContains?: string | undefined;
  readonly top?: number | undefined;
  readonly continuationToken?: string | undefined;
}

/** The refs of one page, and where the next starts when more remain. */
export interface RefsPage {
  readonly refs: readonly BareRef[];
  readonly continuationToken: string | undefined;
}

/** True when a continuation token can be one this server gave: a ref name. */
export function isPlausibleContinuationToken(token: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: git refuses control characters in ref names.
  return token.startsWith("refs/") && !/[\u0000-\u001f\u007f]/.test(token);
}

/** The page of `refs` (sorted by name, byte order) that `query` asks for. */
export function pageOfRefs(refs: readonly BareRef[], query: RefsQuery): RefsPage {
  const prefix = query.filter === undefined || query.filter.trim() === "" ? "refs/" : `refs/${query.filter.trim()}`;
  const contains = query.filterContains?.toLowerCase();
  const start = query.continuationToken;
  const matching = refs.filter(
    (ref) =>
      ref.name.startsWith(prefix) &&
      (contains === undefined || ref.name.toLowerCase().includes(contains)) &&
      (start === undefined || compareNames(ref.name, start) >= 0),
  );
  const size = pageSize(query);
  if (size === undefined || matching.length <= size) return { refs: matching, continuationToken: undefined };
  return { refs: matching.slice(0, size), continuationToken: matching[size]?.name };
}

function pageSize(query: RefsQuery): number | undefined {
  const continued = query.continuationToken !== undefined && (query.top === undefined || query.top === 0);
  const top = continued ? DEFAULT_REFS_PAGE : query.top;
  if (top === undefined || top <= 0) return undefined;
  return Math.min(top, MAX_REFS_PAGE);
}

/** Compares ref names as git sorts them: by their UTF-8 bytes. */
function compareNames(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}
