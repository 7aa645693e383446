/**
 * The OpenAPI 3.1 document, generated from the route schemas, at `/_apis/openapi.json`, and a
 * browsable reference page at `/_apis/docs`.
 */
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { FastifyInstance } from "fastify";

/** Registers the document generator; call before any route. */
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
  });
  await app.register(swaggerUi, { routePrefix: "/_apis/docs", uiConfig: { docExpansion: "list" } });
  app.get("/_apis/openapi.json", { config: { skipApiVersion: true }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
}
