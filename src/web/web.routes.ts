/**
 * Serves the single-page web UI at `/`: built assets by name, and index.html for the app's page
 * paths (the app routes in the browser). API and git paths never get the page: an unknown one
 * still gets the Azure DevOps JSON 404. Without a build the server still runs and says so.
 */
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { matchAppPage } from "./app-pages.js";
import { type BuiltUi, findBuiltUi } from "./ui-files.js";
import { ASSET_CACHE_CONTROL, COMMON_HEADERS, HTML_HEADERS } from "./web-headers.js";

const NOT_BUILT =
  "Patina's web UI has not been built. Run `npm run build` (npm install does it), then restart the server.\n";

/** Paths that belong to the API or to git, whatever their method or Accept header. */
function isApiPath(mixedCasePath: string): boolean {
  // Routes are case-insensitive (see http/server.ts): `/org/_APIs/x` is an API path too.
  const path = mixedCasePath.toLowerCase();
  return (
    path.startsWith("/_apis/") || path === "/_apis" || /^\/[^/]+\/_apis(\/|$)/.test(path) || path.includes("/_git/")
  );
}

/** True when the last path segment names a file (has an extension), e.g. /assets/index-x1.js. */
function isFilePath(path: string): boolean {
  return /\.[A-Za-z0-9]+$/.test(path.slice(path.lastIndexOf("/") + 1));
}

function wantsHtml(request: FastifyRequest): boolean {
  const accept = request.headers.accept;
  return typeof accept === "string" && accept.includes("text/html");
}

/** Registers the UI routes; `uiDir` overrides where the build is looked for (tests). */
export async function registerWebRoutes(app: FastifyInstance, options: { uiDir?: string } = {}) {
  const ui = findBuiltUi(options.uiDir);
  if (ui === undefined) app.log.warn("the web UI is not built (dist/ui is missing): run `npm run build`");
  else await app.register(fastifyStatic, { root: ui.dir, serve: false, dotfiles: "deny", index: false });

  app.get("/*", { schema: { hide: true } }, (request, reply) => {
    const path = decodePath(request.url);
    if (path === undefined || isApiPath(path)) return reply.callNotFound();
    // The built pages (index.html, docs.html) are only served with their headers (CSP, no framing), never as files.
    if (path.endsWith(".html")) return reply.callNotFound();
    if (isFilePath(path)) return ui ? sendAsset(reply, path) : reply.callNotFound();
    // The app's own pages get 200; other page-like paths get the page too (it says "not found"), with a 404.
    const isPage = matchAppPage(rawPath(request.url)) !== undefined;
    if (!isPage && !wantsHtml(request)) return reply.callNotFound();
    return sendPage(reply, ui, isPage ? 200 : 404);
  });
}

function rawPath(url: string): string {
  return url.split("?")[0] ?? "/";
}

function decodePath(url: string): string | undefined {
  try {
    return decodeURIComponent(url.split("?")[0] ?? "/");
  } catch {
    return undefined;
  }
}

function sendAsset(reply: FastifyReply, path: string): FastifyReply {
  reply.headers(COMMON_HEADERS);
  if (path.startsWith("/assets/")) reply.header("cache-control", ASSET_CACHE_CONTROL);
  // sendFile stays inside the build directory (no ../ escapes) and answers a missing file through
  // the not-found handler: the same JSON 404 that every unknown URL gets.
  return reply.sendFile(path.slice(1), { cacheControl: !path.startsWith("/assets/") });
}

function sendPage(reply: FastifyReply, ui: BuiltUi | undefined, status: number): FastifyReply {
  if (ui === undefined) {
    return reply.code(503).headers(COMMON_HEADERS).type("text/plain; charset=utf-8").send(NOT_BUILT);
  }
  return reply.code(status).headers(HTML_HEADERS).type("text/html; charset=utf-8").send(ui.indexHtml);
}
