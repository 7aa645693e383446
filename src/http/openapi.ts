/**
 * The OpenAPI 3.1 document, generated from the route schemas, at `/_apis/openapi.json`, with every
 * parameter described (openapi-parameters.ts), and Patina's own reference page at `/_apis/docs`
 * (src/web/docs-page.routes.ts: a second entry of the web build, read-only, under the app's
 * Content-Security-Policy).
 */
import swagger from "@fastify/swagger";
import type { FastifyInstance } from "fastify";
import { registerDocsPage } from "../web/docs-page.routes.js";
import { describeParameters } from "./openapi-parameters.js";

/** Where the reference page is served. */
export const DOCS_PATH = "/_apis/docs";

/** Registers the document generator and the reference page; call before any route. */
export async function registerOpenApi(app: FastifyInstance, publicUrl: string) {
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
    transformObject: (documentObject) =>
      "openapiObject" in documentObject
        ? describeParameters(documentObject.openapiObject)
        : documentObject.swaggerObject,
  });
  registerDocsPage(app, DOCS_PATH);
  app.get("/_apis/openapi.json", { config: { skipApiVersion: true }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
}
