/*
 * Every string a request carries is checked for text no database can hold (NUL, unpaired
 * surrogates: see domain/text.ts) before any handler or database sees it.
 *
 * Threat: one NUL in a URL segment, a query value or a JSON string made PostgreSQL refuse the
 * statement, a 500 instead of a 400 (and SQLite stored what no UTF-8 reader can show). The URL
 * check runs in every route's first hook (request-hooks.ts) and in the not-found handler,
 * guarded or not, before the guard reads `{org}`; the body
 * check runs when the JSON body is parsed, before validation and the handler. Both are cheap
 * when there is nothing to find: a URL is searched for `%00` only, a body walked only when its
 * text holds a `\u0000` or surrogate escape (a raw NUL is not valid JSON, and UTF-8 decoding
 * never yields an unpaired surrogate).
 */
import type { FastifyInstance } from "fastify";
import { hasUnstorableText } from "../domain/text.js";

/** A NUL, percent-encoded or (from in-process callers) raw, or a raw unpaired surrogate. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is what this finds.
const UNSTORABLE_IN_URL = /%00|\u0000|\p{Surrogate}/u;
/** JSON escapes that may decode to NUL or to half of a surrogate pair. */
const SUSPECT_ESCAPE = /\\u(?:0000|[dD][89a-fA-F])/;

/** The message for a URL that carries a NUL. */
export const UNSTORABLE_URL_MESSAGE = "The URL contains a NUL character (%00), which no name or value can contain.";

/** True when a URL as sent (path and query) holds a NUL; every route's first hook refuses it. */
export function hasUnstorableUrl(url: string): boolean {
  return UNSTORABLE_IN_URL.test(url);
}

/**
 * Replaces the JSON body parser with Fastify's own (same limits, same prototype-poisoning
 * defence) followed by the unstorable-text check; an empty body parses as no body.
 */
export function registerJsonBodyParser(app: FastifyInstance) {
  const parseJson = app.getDefaultJsonParser("error", "error");
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (request, text, done) => {
    // An empty body is no body, whatever the Content-Type: PowerShell scripts set the header once
    // for every call, and Microsoft's Python SDK sends it on DELETE and bodiless POSTs. A route
    // that needs a body says so at validation (see error-handler.ts).
    if ((text as string).trim() === "") return done(null, undefined);
    parseJson(request, text as string, (error, value) => {
      if (error) return done(error, undefined);
      const where = SUSPECT_ESCAPE.test(text as string) ? unstorablePath(value) : undefined;
      return where === undefined ? done(null, value) : done(unstorableBodyError(where), undefined);
    });
  });
}

/**
 * The JSON pointer ("" for the whole body) of the first string holding unstorable text, or of
 * the object whose property name does; undefined when there is none.
 */
export function unstorablePath(value: unknown, path = ""): string | undefined {
  if (typeof value === "string") return hasUnstorableText(value) ? path : undefined;
  if (value === null || typeof value !== "object") return undefined;
  for (const [key, item] of Object.entries(value)) {
    if (hasUnstorableText(key)) return path;
    const found = unstorablePath(item, `${path}/${key}`);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * A 400 shaped like a schema failure at the offending field, so the error handler names the
 * field the way it names every other invalid one (and the lifecycle API's `patTokenError`
 * follows from it, e.g. `invalidDisplayName`).
 */
function unstorableBodyError(instancePath: string): Error {
  const message = "contains a NUL character or an unpaired surrogate, which no name or value can contain";
  return Object.assign(new Error(message), {
    statusCode: 400,
    validationContext: "body",
    validation: [{ keyword: "unstorableText", instancePath, params: {}, message }],
  });
}
