/**
 * The first hook of every route, attached when the route is registered (see server.ts): the
 * headers every answer carries (with the correlation ids of correlation.ts), the URL's unstorable-text check (request-text.ts), `no-store`
 * where answers carry token values or token metadata, and the api-version rule on API routes.
 *
 * One hook per route, whatever it combines, because this runs on the hot path: an authenticated
 * API route has exactly two onRequest hooks, this one and its guard, as it had before the
 * header and the text check existed. Running before the guard, it also puts its headers on the
 * guard's refusals.
 */
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from "fastify";
import { checkApiVersion, requestedApiVersion } from "./api-version.js";
import { addCorrelationHeaders } from "./correlation.js";
import { sendApiError, sendRequestError } from "./error-handler.js";
import { hasUnstorableUrl, UNSTORABLE_URL_MESSAGE } from "./request-text.js";

/** What a route's first hook must do besides the common part. */
export interface FirstHookNeeds {
  /** Enforce the api-version rule (routes under `/_apis/` but those that opt out). */
  readonly apiVersion: boolean;
  /** Send `Cache-Control: no-store` on every answer. */
  readonly noStore: boolean;
}

type Hook = (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => void;

const hooks = new Map<string, Hook>();

/** The first hook for a route with these needs (one shared function per combination). */
export function firstHookFor(needs: FirstHookNeeds): Hook {
  const key = `${needs.apiVersion}/${needs.noStore}`;
  let hook = hooks.get(key);
  if (hook === undefined) {
    hook = createHook(needs);
    hooks.set(key, hook);
  }
  return hook;
}

function createHook({ apiVersion, noStore }: FirstHookNeeds): Hook {
  return function firstHook(request, reply, done) {
    // No content sniffing: an error body repeating request text must never be read as HTML.
    reply.header("x-content-type-options", "nosniff");
    addCorrelationHeaders(request, reply);
    if (noStore) reply.header("cache-control", "no-store");
    if (hasUnstorableUrl(request.url)) {
      sendRequestError(reply, "badRequest", UNSTORABLE_URL_MESSAGE);
      return;
    }
    if (apiVersion) {
      const query = request.query as Record<string, unknown> | undefined;
      const version = requestedApiVersion(query?.["api-version"], request.headers.accept);
      const check = checkApiVersion(request.method, version);
      if (!check.ok) {
        sendApiError(reply, check.code, check.message);
        return;
      }
    }
    done();
  };
}
