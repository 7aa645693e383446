/*
 * Which request the proxy is asking about: its method and URI, from the headers the proxy sets.
 * nginx is configured to send `X-Original-Method` and `X-Original-URI`; Traefik always sends
 * `X-Forwarded-Method` and `X-Forwarded-Uri`. Pure.
 *
 * Threat: both proxies pass the client's own headers through to the auth request (nginx by
 * default, Traefik unless `authRequestHeaders` is set), so a client can add the header family
 * its proxy does not set, naming an innocent path. Preferring one family would let that client
 * choose what Patina judges behind the other proxy. So two families that disagree, or a header
 * sent twice, are refused, and Patina judges a request only when every source agrees.
 */
import { HTTP_METHODS } from "./rules.js";

export type OriginalRequest =
  | { ok: true; method: string; uri: string }
  | { ok: false; reason: "missing" | "repeated" | "conflicting" | "unknownMethod" };

const METHOD_HEADERS = ["x-original-method", "x-forwarded-method"];
const URI_HEADERS = ["x-original-uri", "x-forwarded-uri"];

/** Reads the original method and URI from a request's raw header list (name, value, name, value…). */
export function readOriginalRequest(rawHeaders: readonly string[]): OriginalRequest {
  const seen = new Map<string, string[]>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] ?? "").toLowerCase();
    if (!METHOD_HEADERS.includes(name) && !URI_HEADERS.includes(name)) continue;
    seen.set(name, [...(seen.get(name) ?? []), rawHeaders[i + 1] ?? ""]);
  }
  const method = agreedValue(seen, METHOD_HEADERS);
  if (typeof method !== "string") return method;
  const uri = agreedValue(seen, URI_HEADERS);
  if (typeof uri !== "string") return uri;
  // Methods are case-sensitive: `get` is not GET, and a service may route it differently.
  if (!HTTP_METHODS.has(method)) return { ok: false, reason: "unknownMethod" };
  return { ok: true, method, uri };
}

/** The one value all the given headers carry, or why there is none. */
function agreedValue(
  seen: ReadonlyMap<string, readonly string[]>,
  names: readonly string[],
): string | { ok: false; reason: "missing" | "repeated" | "conflicting" } {
  const values = names.flatMap((name) => seen.get(name) ?? []);
  if (values.length === 0) return { ok: false, reason: "missing" };
  if (names.some((name) => (seen.get(name)?.length ?? 0) > 1)) return { ok: false, reason: "repeated" };
  const first = values[0] ?? "";
  return values.every((value) => value === first) ? first : { ok: false, reason: "conflicting" };
}
