/**
 * Which stored token answers a git request (pure). Entries are keyed by protocol, host and an
 * optional path prefix; the longest prefix that matches whole path segments wins, so
 * `acme` answers `acme/web/_git/app` but not `acmecorp/…`. Git sends a path only when
 * `credential.useHttpPath` is true; a request without one matches only entries without one,
 * so a token stored for one organization is never offered for a URL it was not stored for.
 */

/** One stored credential. */
export interface StoredCredential {
  readonly protocol: string;
  /** Host and port, as git sends it (`example.com:8080`). */
  readonly host: string;
  /** Path prefix without leading or trailing slashes; empty for the whole host. */
  readonly path: string;
  readonly username: string;
  readonly password: string;
}

/** What git asks about. */
export interface CredentialQuery {
  readonly protocol: string;
  readonly host: string;
  readonly path: string;
}

/** A path as stored and compared: no leading or trailing slashes. */
export function normalizePath(path: string | undefined): string {
  return (path ?? "").replace(/^\/+|\/+$/g, "");
}

/** The stored credential for a query: same protocol and host, longest matching path prefix. */
export function findCredential(
  entries: readonly StoredCredential[],
  query: CredentialQuery,
): StoredCredential | undefined {
  let best: StoredCredential | undefined;
  for (const entry of entries) {
    if (entry.protocol !== query.protocol || entry.host.toLowerCase() !== query.host.toLowerCase()) continue;
    if (!isPathPrefix(entry.path, query.path)) continue;
    if (best === undefined || entry.path.length > best.path.length) best = entry;
  }
  return best;
}

/** True when `prefix` is empty or equals `path` or a run of its leading segments. */
function isPathPrefix(prefix: string, path: string): boolean {
  if (prefix === "") return true;
  if (path === "") return false;
  return path === prefix || path.startsWith(`${prefix}/`);
}
