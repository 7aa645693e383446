/**
 * Serves the API reference page (web/docs.html, built by Vite next to the app's index.html) at
 * `/_apis/docs`. The page only reads the OpenAPI document and sends no credential, and it gets
 * the app's headers: the same strict Content-Security-Policy (scripts from this origin only,
 * framing refused) and no-store, so a new build is picked up.
 *
 * The page used to be Swagger UI, whose paths may be bookmarked: `/_apis/docs/` and its
 * `static/index.html` lead to the page, its `json` to the document; anything else under the
 * prefix is the API's JSON 404.
 */
import { existsSync, readFileSync } from "node:fs";
import type { FastifyInstance, FastifyReply } from "fastify";
import { findBuiltUi } from "./ui-files.js";
import { COMMON_HEADERS, HTML_HEADERS } from "./web-headers.js";

/** The reference page's file in the build (dist/ui). */
const DOCS_HTML = "docs.html";

const NOT_BUILT =
  "Patina's API reference has not been built. Run `npm run build` (npm install does it), then restart the server.\n";

/** The built page's text, read once at start; undefined without a build. */
function readDocsPage(): string | undefined {
  const ui = findBuiltUi();
  if (ui === undefined) return undefined;
  const file = `${ui.dir.replace(/\/?$/, "/")}${DOCS_HTML}`;
  return existsSync(file) ? readFileSync(file, "utf8") : undefined;
}

/** Registers the page at `path` and the old Swagger UI paths under it. */
export function registerDocsPage(app: FastifyInstance, path: string): void {
  const html = readDocsPage();
  const options = { config: { skipApiVersion: true }, schema: { hide: true } } as const;
  app.get(path, options, (_request, reply) => {
    if (html === undefined) {
      return reply.code(503).headers(COMMON_HEADERS).type("text/plain; charset=utf-8").send(NOT_BUILT);
    }
    return reply.headers(HTML_HEADERS).type("text/html; charset=utf-8").send(html);
  });
  const redirect = (location: string) => (_request: unknown, reply: FastifyReply) =>
    reply.headers(COMMON_HEADERS).redirect(location, 301);
  app.get(`${path}/`, options, redirect(path));
  app.get(`${path}/static/index.html`, options, redirect(path));
  app.get(`${path}/json`, options, redirect("/_apis/openapi.json"));
}
