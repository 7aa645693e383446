/*
 * The path of the request a reverse proxy asks about, in the one form rules are matched on.
 * Pure.
 *
 * Model: the proxy forwards the raw request URI (`$request_uri`, `X-Forwarded-Uri`); the
 * service behind it will decode and route that URI in its own way, which Patina cannot see.
 * The threat is a path that Patina reads as one resource while the service routes it to
 * another, guarded by a stricter rule: `/public/../admin`, `/public/%2e%2e/admin`,
 * `/public%2Fadmin`, `/admin;x` (matrix parameters in Java servers), `/ADMIN` (case-insensitive
 * routers), `/admin.` (Windows), `/ａｄｍｉｎ` (Unicode compatibility forms), double encoding.
 *
 * So nothing ambiguous is resolved, it is refused: a path that is not already in one plain,
 * unambiguous form never matches a rule (the caller answers 403). Browsers and curl never send
 * dot segments or empty segments, so refusing them costs real clients nothing. What remains is
 * decoded once and compared case-insensitively, because the common mistake in the other
 * direction (a case-insensitive service behind case-sensitive rules) would open a bypass.
 */

/** Why a path was refused; for the server log. */
export type PathRefusal =
  | "notOriginForm"
  | "tooLong"
  | "invalidCharacter"
  | "emptySegment"
  | "badEncoding"
  | "ambiguousSegment";

export type PathNormalization =
  | {
      ok: true;
      /** Decoded, lower-cased segments; a trailing slash adds none. */
      segments: string[];
      /** The decoded path, for logs. */
      path: string;
    }
  | { ok: false; reason: PathRefusal };

/** Longest URI considered; nginx's default header buffers stop at 8 KiB too. */
const MAX_URI_LENGTH = 8192;

/** Visible ASCII, minus the characters some servers treat as separators inside a segment. */
const RAW_URI = /^[\x21-\x7e]+$/;
const RAW_SEPARATOR_LOOKALIKES = /[\\;#]/;
const PERCENT_ESCAPE = /%(?![0-9A-Fa-f]{2})/;
// Control and invisible format characters (Cc, Cf), separators, and `?` and `#` too: a
// service that decodes before splitting off the query would cut the path there.
const DECODED_FORBIDDEN = /[\p{Cc}\p{Cf}/\\;%?#]/u;

/**
 * Why a decoded segment is ambiguous, or undefined when it is plain. Rule literals must pass
 * the same test, so every literal in a rule can match some path.
 */
export function segmentProblem(segment: string): string | undefined {
  if (segment.length === 0) return "is empty";
  if (segment === "." || segment === "..") return "is a dot segment";
  if (DECODED_FORBIDDEN.test(segment)) return "contains a control or invisible character, or one of / \\ ; % ? #";
  // Windows servers drop trailing dots and spaces: `admin.` is `admin` there.
  if (/[.\s]$/.test(segment)) return "ends with a dot or a space";
  // Some servers fold compatibility forms (fullwidth letters, ligatures) before routing.
  if (segment.normalize("NFKC") !== segment) return "is not in Unicode normal form (NFKC)";
  return undefined;
}

/** Normalizes a raw request URI (path and optional query) into match-ready segments. */
export function normalizeRequestPath(rawUri: string): PathNormalization {
  if (rawUri.length > MAX_URI_LENGTH) return { ok: false, reason: "tooLong" };
  if (!RAW_URI.test(rawUri)) return { ok: false, reason: "invalidCharacter" };
  // Origin form only: an absolute URI (`http://host/x`) names a host the rules know nothing of.
  if (!rawUri.startsWith("/")) return { ok: false, reason: "notOriginForm" };
  const rawPath = rawUri.split("?", 1)[0] ?? "";
  if (RAW_SEPARATOR_LOOKALIKES.test(rawPath)) return { ok: false, reason: "invalidCharacter" };
  if (PERCENT_ESCAPE.test(rawPath)) return { ok: false, reason: "badEncoding" };

  const rawSegments = rawPath.slice(1).split("/");
  // One trailing slash names the same resource for routing purposes (`/admin/` ~ `/admin`).
  if (rawSegments.length > 0 && rawSegments[rawSegments.length - 1] === "") rawSegments.pop();
  const segments: string[] = [];
  for (const raw of rawSegments) {
    if (raw.length === 0) return { ok: false, reason: "emptySegment" };
    let decoded: string;
    try {
      decoded = decodeURIComponent(raw);
    } catch {
      return { ok: false, reason: "badEncoding" }; // not UTF-8
    }
    if (segmentProblem(decoded) !== undefined) return { ok: false, reason: "ambiguousSegment" };
    segments.push(decoded);
  }
  return { ok: true, segments: segments.map((s) => s.toLowerCase()), path: `/${segments.join("/")}` };
}
