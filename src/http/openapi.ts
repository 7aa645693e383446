/**
 * The OpenAPI 3.1 document, generated from the route schemas, at `/_apis/openapi.json`, and a
 * browsable reference page at `/_apis/docs`.
 *
 * The reference page runs Swagger UI, which sends requests with whatever credential its user
 * types in, so it must not be framed by another site (clickjacking) nor run any script but its
 * own: every docs response carries a Content-Security-Policy with `frame-ancestors 'none'`
 * (and `X-Frame-Options: DENY` for older browsers), scripts and styles from this origin only.
 * Swagger UI's page and initializer are external files, so no 'unsafe-inline' is needed; the
 * Chromium test (test/e2e/docs.test.ts) checks that the page renders without a violation.
 */
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from "fastify";

/** Where the reference page and its assets are served. */
export const DOCS_PREFIX = "/_apis/docs";

/** The reference page's policy; `connect-src` lets "Try it out" reach the public URL. */
export function docsContentSecurityPolicy(publicUrl: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self' ${new URL(publicUrl).origin}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Registers the document generator; call before any route. */
export async function registerOpenApi(app: FastifyInstance, publicUrl: string) {
  const policy = docsContentSecurityPolicy(publicUrl);
  const docsHeaders = (_request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    reply
      .header("content-security-policy", policy)
      .header("x-frame-options", "DENY")
      .header("referrer-policy", "no-referrer");
    done();
  };
  // Every route under the prefix, the static assets Swagger UI registers included.
  app.addHook("onRoute", (route) => {
    if (route.url !== DOCS_PREFIX && !route.url.startsWith(`${DOCS_PREFIX}/`)) return;
    route.onRequest = [docsHeaders, ...(route.onRequest === undefined ? [] : [route.onRequest].flat())];
  });
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Patina",
        description:
          "Personal access tokens, in the Azure DevOps REST dialect. Authenticate with HTTP Basic (any user name, the token as password) or `Authorization: Bearer <token>`.",
        version: "7.2",
      },
      servers: [{ url: publicUrl }],
      components: {
        securitySchemes: {
          basicPat: {
            type: "http",
            scheme: "basic",
            description: "Any user name; the personal access token as password.",
          },
          bearerPat: { type: "http", scheme: "bearer" },
        },
      },
      security: [{ basicPat: [] }, { bearerPat: [] }],
    },
  });
  // BaseLayout: no top bar. Its logo is an inline SVG with a <style> element, which the policy
  // refuses, and its "Explore" box loads other documents, which this page has no use for.
  await app.register(swaggerUi, {
    routePrefix: DOCS_PREFIX,
    uiConfig: { docExpansion: "list", layout: "BaseLayout" },
  });
  app.get("/_apis/openapi.json", { config: { skipApiVersion: true }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
}
