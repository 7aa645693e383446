/**
 * Builds the Fastify server from the services: validation, the error catalog, the api-version
 * rule, OpenAPI, and every feature's routes. No I/O of its own.
 */
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type HookHandlerDoneFunction,
  LogController,
} from "fastify";
import { createAuthenticator } from "../auth/authenticate.js";
import { registerForwardAuthRoutes } from "../forward-auth/forward-auth.routes.js";
import { registerGitRoutes } from "../git/git.routes.js";
import { registerHealthRoutes } from "../health/health.routes.js";
import { registerLocationRoutes } from "../location/location.routes.js";
import { shareFailureLog } from "../logger.js";
import { registerProfileRoutes } from "../profile/profile.routes.js";
import { registerProjectRoutes } from "../projects/project.routes.js";
import type { Services } from "../services.js";
import { createSessionFeature, registerSessionFeature } from "../sessions/session-feature.js";
import { registerTokenRoutes } from "../tokens/token.routes.js";
import { PagedPatTokensSchema, PatTokenResultSchema, PatTokenSchema } from "../tokens/token.schemas.js";
import { registerWebRoutes } from "../web/web.routes.js";
import { checkApiVersion, requestedApiVersion } from "./api-version.js";
import { handleError, loggablePath, sendApiError } from "./error-handler.js";
import { createGuard, type GuardRequirement, guardRequirementOf, sessionCredentials } from "./guard.js";
import { registerOpenApi } from "./openapi.js";
import type { RouteDeps } from "./route-deps.js";
import { createValidatorCompiler } from "./validation.js";

/** Largest request body accepted (bytes); the lifecycle API's bodies are a few hundred. */
export const BODY_LIMIT = 64 * 1024;

/** A route that requires a credential, as registered. */
export interface ProtectedRoute {
  readonly method: string;
  readonly url: string;
  readonly requirement: GuardRequirement;
}

declare module "fastify" {
  interface FastifyInstance {
    /** Every guarded route; the shared security suite runs against each one. */
    protectedRoutes: ProtectedRoute[];
  }
}

/** The api-version rule of the Azure DevOps dialect, as a route hook. */
function enforceApiVersion(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) {
  const query = request.query as Record<string, unknown> | undefined;
  const check = checkApiVersion(request.method, requestedApiVersion(query?.["api-version"], request.headers.accept));
  if (check.ok) done();
  else sendApiError(reply, check.code, check.message);
}

/** Creates the HTTP server with every route registered (not yet listening). */
export async function buildHttpServer(services: Services): Promise<FastifyInstance> {
  const app = Fastify({
    // pino's Logger is a FastifyBaseLogger; the cast only drops pino-specific typing.
    loggerInstance: services.logger as FastifyBaseLogger,
    // No per-request child logger: creating one costs on every request, and only failures are
    // logged; those lines carry `reqId` themselves.
    childLoggerFactory: (logger) => logger,
    // Per-request log lines cost throughput on the hot path; failures are logged by onResponse below.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT,
    trustProxy: false,
    routerOptions: { maxParamLength: 200 },
  });
  // Fastify logs through a child of the process logger; failure lines share one rate limit.
  shareFailureLog(app.log, services.failureLog);
  app.setValidatorCompiler(createValidatorCompiler());
  // The API speaks JSON only: a text body is an unsupported media type (415), not a schema error.
  app.removeContentTypeParser("text/plain");
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) =>
    sendApiError(reply, "notFound", `No resource at ${request.method} ${loggablePath(request.url)}.`),
  );
  app.decorateRequest("principal", null);
  const protectedRoutes: ProtectedRoute[] = [];
  app.decorate("protectedRoutes", protectedRoutes);
  app.addHook("onRoute", (route) => {
    const requirement = guardRequirementOf(route.onRequest);
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (requirement) for (const method of methods) protectedRoutes.push({ method, url: route.url, requirement });
    // The api-version rule is attached to each API route when it is registered (before its
    // guard), so other routes pay nothing for it at request time.
    if (route.url.includes("/_apis/") && !route.config?.skipApiVersion) {
      const existing = route.onRequest === undefined ? [] : [route.onRequest].flat();
      route.onRequest = [enforceApiVersion, ...existing];
    }
  });

  for (const schema of [PatTokenSchema, PatTokenResultSchema, PagedPatTokensSchema]) app.addSchema(schema);
  await registerOpenApi(app, services.config.publicUrl);

  const sessions = await createSessionFeature(services);
  const authenticator = createAuthenticator({ ...services, sessions: sessionCredentials(sessions.sessions) });
  const deps: RouteDeps = { services, authenticator, guard: createGuard(authenticator) };
  registerHealthRoutes(app, services);
  registerTokenRoutes(app, deps);
  registerLocationRoutes(app, deps);
  registerProjectRoutes(app, deps);
  registerProfileRoutes(app, deps);
  await registerForwardAuthRoutes(app, deps);
  registerSessionFeature(app, sessions);
  registerGitRoutes(app, deps);
  await registerWebRoutes(app);
  return app;
}
