/**
 * Builds the Fastify server from the services: validation, the error catalog, the api-version
 * rule, OpenAPI, and every feature's routes. No I/O of its own.
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from "fastify";
import { registerAuditRoutes } from "../audit/audit.routes.js";
import { registerAuditVerificationRoute } from "../audit/audit-verification.routes.js";
import { createAuthenticator } from "../auth/authenticate.js";
import { registerForwardAuthRoutes } from "../forward-auth/forward-auth.routes.js";
import { registerGitRoutes } from "../git/git.routes.js";
import { registerHealthRoutes } from "../health/health.routes.js";
import { registerLeakRoutes } from "../leaks/leak.routes.js";
import { registerLocationRoutes } from "../location/location.routes.js";
import { shareFailureLog } from "../logger.js";
import { addRequestMetrics, registerMetricsRoute } from "../metrics/metrics.routes.js";
import { registerMemberRoutes } from "../orgs/members.routes.js";
import { registerPasskeyRoutes } from "../passkeys/passkey.routes.js";
import { createPasskeyFeature } from "../passkeys/passkey-feature.js";
import { registerPolicyRoutes } from "../policies/policy.routes.js";
import { registerProfileRoutes } from "../profile/profile.routes.js";
import { registerProjectRoutes } from "../projects/project.routes.js";
import type { Services } from "../services.js";
import { createSessionFeature, registerSessionFeature } from "../sessions/session-feature.js";
import { registerSsoRoutes } from "../sso/sso.routes.js";
import { createSsoFeature } from "../sso/sso-feature.js";
import { registerOrgTokenRoutes } from "../tokenadmin/org-tokens.routes.js";
import { registerRevokeAllRoute } from "../tokenadmin/revoke-all.routes.js";
import { registerTokenAdminRoutes } from "../tokenadmin/tokenadmin.routes.js";
import { registerTokenRoutes } from "../tokens/token.routes.js";
import { PagedPatTokensSchema, PatTokenResultSchema, PatTokenSchema } from "../tokens/token.schemas.js";
import { registerUsageRoutes } from "../usage/usage.routes.js";
import { registerUserRoutes } from "../users/users.routes.js";
import { registerWebRoutes } from "../web/web.routes.js";
import { createClientErrorHandler } from "./connection-errors.js";
import { newActivityId } from "./correlation.js";
import { createNotFoundHandler, handleError, handleFrameworkError } from "./error-handler.js";
import { createGuard, type GuardRequirement, guardRequirementOf, sessionCredentials } from "./guard.js";
import { isPatinaOwnRoute, lenientInputFor } from "./lenient-input.js";
import { registerOpenApi } from "./openapi.js";
import { firstHookFor } from "./request-hooks.js";
import { registerJsonBodyParser } from "./request-text.js";
import type { RouteDeps } from "./route-deps.js";
import { RouteMethods } from "./route-methods.js";
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
    // A GUID per request: the ActivityId answers carry and the reqId of log lines (correlation.ts).
    genReqId: newActivityId,
    trustProxy: services.config.trustProxy.length > 0 ? [...services.config.trustProxy] : false,
    // Azure DevOps routes are case-insensitive (`/_apis/Tokens/Pats` in Microsoft's own examples,
    // `/_apis/connectiondata` in scripts); parameters keep the case they were sent in.
    routerOptions: { maxParamLength: 200, caseSensitive: false },
    // Socket timeouts (see docs/configuration.md): silence is bounded, a whole request is not, as a
    // big push's body and a big clone's response take as long as the link needs (0 = no bound).
    requestTimeout: 0,
    connectionTimeout: Math.max(300_000, 2 * services.config.gitIdleTimeoutMs),
    keepAliveTimeout: 72_000,
    http: { headersTimeout: 30_000 },
    // While stopping, requests that still arrive on open connections are served (with
    // `Connection: close`), not refused with Fastify's own 503 body; /readyz tells the load
    // balancer to go elsewhere (see http/drain.ts).
    return503OnClosing: false,
    // A malformed percent-encoding or an overlong segment, refused before routing.
    frameworkErrors: handleFrameworkError,
    // Requests Node's HTTP parser refuses (431, not HTTP): the catalog's body, none for HEAD.
    clientErrorHandler: createClientErrorHandler(services.logger as FastifyBaseLogger),
  });
  // Fastify logs through a child of the process logger; failure lines share one rate limit.
  shareFailureLog(app.log, services.failureLog);
  app.setValidatorCompiler(createValidatorCompiler());
  // The API speaks JSON only: a text body is an unsupported media type (415), not a schema error.
  app.removeContentTypeParser("text/plain");
  registerJsonBodyParser(app);
  app.setErrorHandler(handleError);
  const routeMethods = new RouteMethods();
  app.setNotFoundHandler(createNotFoundHandler((url) => routeMethods.allowedAt(url)));
  app.decorateRequest("principal", null);
  const metrics = addRequestMetrics(app, services);
  const protectedRoutes: ProtectedRoute[] = [];
  app.decorate("protectedRoutes", protectedRoutes);
  app.addHook("onRoute", (route) => {
    const requirement = guardRequirementOf(route.onRequest);
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (requirement) for (const method of methods) protectedRoutes.push({ method, url: route.url, requirement });
    for (const method of methods) routeMethods.add(method, route.url);
    // One first hook per route, before its guard (see request-hooks.ts).
    const first = firstHookFor({
      apiVersion: route.url.includes("/_apis/") && !route.config?.skipApiVersion,
      noStore: route.config?.patApi === true || route.config?.noStore === true,
    });
    route.onRequest = [first, ...(route.onRequest === undefined ? [] : [route.onRequest].flat())];
    // Azure DevOps' leniency (enum and boolean case, unknown body properties, $top) on its dialect.
    const lenient = isPatinaOwnRoute(route.url) ? undefined : lenientInputFor(route.schema);
    if (lenient !== undefined) {
      route.preValidation = [lenient, ...(route.preValidation === undefined ? [] : [route.preValidation].flat())];
    }
  });

  for (const schema of [PatTokenSchema, PatTokenResultSchema, PagedPatTokensSchema]) app.addSchema(schema);
  await registerOpenApi(app, services.config.publicUrl);

  const sessions = await createSessionFeature(services);
  const authenticator = createAuthenticator({ ...services, sessions: sessionCredentials(sessions.sessions) });
  const deps: RouteDeps = { services, authenticator, guard: createGuard(authenticator) };
  registerHealthRoutes(app, services);
  registerTokenRoutes(app, deps);
  registerUsageRoutes(app, deps);
  registerMetricsRoute(app, deps, metrics);
  registerTokenAdminRoutes(app, deps);
  registerOrgTokenRoutes(app, deps);
  registerRevokeAllRoute(app, deps);
  registerMemberRoutes(app, deps);
  registerUserRoutes(app, deps);
  registerLeakRoutes(app, deps);
  registerLocationRoutes(app, deps);
  registerProjectRoutes(app, deps);
  registerProfileRoutes(app, deps);
  await registerForwardAuthRoutes(app, deps);
  registerSessionFeature(app, sessions);
  // Its `assertion` (verifyForUser, optionsForUser, hasPasskeys) is what a second sign-in step calls.
  const passkeys = createPasskeyFeature(services, sessions);
  registerPasskeyRoutes(app, passkeys);
  registerSsoRoutes(app, createSsoFeature(services, sessions.sessions));
  registerGitRoutes(app, deps);
  registerAuditRoutes(app, deps);
  registerAuditVerificationRoute(app, deps);
  registerPolicyRoutes(app, deps);
  await registerWebRoutes(app);
  return app;
}
