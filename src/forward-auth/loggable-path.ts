/**
 * The original request's path as forward-auth logs it. Pure.
 *
 * Threat: users paste tokens into URLs (`/feed/patina_…/index.json`, a download link with a key
 * in it), and the path of a refused request is logged so an operator can see what was refused.
 * So every segment that looks like a secret is replaced by `[redacted]`: one that contains the
 * token prefix, or a long unbroken run of token characters (other services' keys too). UUIDs
 * and ordinary names stay readable.
 */

/** Segments at least this long, of token characters only, are treated as secrets. */
const LONG_SECRET_LENGTH = 32;
const TOKEN_CHARACTERS = /^[A-Za-z0-9_\-+=.~]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The path with token-like segments redacted, cut to a log-friendly length. */
export function loggableOriginalPath(path: string, tokenPrefix: string): string {
  const prefix = tokenPrefix.toLowerCase();
  return path
    .split("/")
    .map((segment) => (isTokenLike(segment, prefix) ? "[redacted]" : segment))
    .join("/")
    .slice(0, 200);
}

function isTokenLike(segment: string, prefix: string): boolean {
  if (segment.toLowerCase().includes(prefix)) return true;
  return segment.length >= LONG_SECRET_LENGTH && TOKEN_CHARACTERS.test(segment) && !UUID.test(segment);
}
