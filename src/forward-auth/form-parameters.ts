/**
 * The HTML-form body of an introspection request (RFC 7662 section 2.1), read in bounded time.
 * Pure.
 *
 * Only the parameters introspection defines are kept (`token`, `token_type_hint`); extension
 * parameters are ignored, as the RFC allows, and never become object keys (no `__proto__`
 * games). At most MAX_PAIRS pairs are looked at, whatever the body holds; the route's body limit
 * bounds their size. A parameter sent twice comes back as an array, which the schema refuses (RFC
 * 6749 section 3.1: parameters must not repeat).
 */

/** Pairs read before the rest of a body is ignored: a real request has two. */
const MAX_PAIRS = 16;
const KEPT = new Set(["token", "token_type_hint"]);

/** The introspection parameters of a form body. */
export function parseIntrospectionForm(body: string): Record<string, string | string[]> {
  const parameters: Record<string, string | string[]> = {};
  let start = 0;
  for (let pair = 0; pair < MAX_PAIRS && start <= body.length; pair++) {
    let end = body.indexOf("&", start);
    if (end < 0) end = body.length;
    const equals = body.indexOf("=", start);
    const nameEnd = equals >= 0 && equals < end ? equals : end;
    const name = decodeFormComponent(body.slice(start, nameEnd));
    if (KEPT.has(name)) {
      const value = nameEnd < end ? decodeFormComponent(body.slice(nameEnd + 1, end)) : "";
      const previous = parameters[name];
      parameters[name] = previous === undefined ? value : [previous, value].flat();
    }
    start = end + 1;
  }
  return parameters;
}

/** `+` is a space and `%XX` a byte of UTF-8; a malformed escape is kept as written. */
function decodeFormComponent(text: string): string {
  if (!text.includes("%") && !text.includes("+")) return text;
  const spaced = text.replaceAll("+", " ");
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}
