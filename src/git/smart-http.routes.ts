/**
 * Git's smart HTTP protocol at `/{org}/{project}/_git/{repo}` (SPEC section 9): the ref
 * advertisement `GET …/info/refs?service=…`, and `POST …/git-upload-pack` (fetch) and
 * `POST …/git-receive-pack` (push), served by `git http-backend`.
 *
 * Threat model: the URL's names are attacker-controlled. They are only ever looked up in the
 * database; an implausible name (`..`, a slash from `%2F`, a control character) or an unknown one
 * is a 404 before anything else, and git receives a path built from the row's ids. Every route
 * is guarded: 401 (with `WWW-Authenticate`, so git asks for or reports credentials) for any
 * credential failure, 403 for a token or role that may not do this. Pack data is streamed: a
 * clone or push of any size costs the server a few stream buffers. Backends are bounded (see
 * backend-slots.ts): a request that finds none free gets 503 with Retry-After, and a transfer
 * idle for the configured time is cut (see http-backend.ts).
 */
import { Readable } from "node:stream";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { ApiError } from "../http/error-catalog.js";
import { membershipOf, principalOf } from "../http/principal.js";
import type { RouteDeps } from "../http/route-deps.js";
import { assertMayPush, FETCH_REQUIREMENT, PUSH_REQUIREMENT } from "./git-access.js";
import { startHttpBackend } from "./http-backend.js";
import { repositoryRelativePath } from "./paths.js";
import type { RepositoryService } from "./repository.service.js";
import { repositoryApiError, sendGitSlotsBusy } from "./request-context.js";

declare module "fastify" {
  interface FastifyContextConfig {
    /** The route takes git's pack requests as a raw stream. */
    gitPackRequest?: boolean;
  }
}

/** The request bodies git sends; passed through to git as streams, with no size limit. */
const PACK_REQUEST_TYPES = ["application/x-git-upload-pack-request", "application/x-git-receive-pack-request"];
const SERVICES = ["git-upload-pack", "git-receive-pack"] as const;
type GitService = (typeof SERVICES)[number];

type RepoParams = { org: string; project: string; repo: string };
/** What to ask git http-backend for: chosen by the route, never by the client. */
type BackendCall = {
  resource: "info/refs" | GitService;
  queryString: string;
  allowPush: boolean;
};
const TAGS = ["Git smart HTTP"];
const ROUTE_CONFIG = { skipApiVersion: true, gitPackRequest: true };

/** Registers the smart HTTP routes and the pack content types they accept. */
export function registerSmartHttpRoutes(app: FastifyInstance, deps: RouteDeps, repositories: RepositoryService) {
  for (const type of PACK_REQUEST_TYPES) {
    app.addContentTypeParser(type, (request, payload, done) => {
      // Only the git routes take a raw stream; anywhere else this type is unsupported. An
      // unknown URL stays a 404: its body is never read.
      if (request.routeOptions.config.gitPackRequest || request.is404) done(null, payload);
      else done(Object.assign(new Error(`Unsupported content type ${type}.`), { statusCode: 415 }), undefined);
    });
  }
  const fetchGuard = deps.guard(FETCH_REQUIREMENT);
  const pushGuard = deps.guard(PUSH_REQUIREMENT);
  const schema = (summary: string) => ({ tags: TAGS, summary });

  const { gitMaxProcesses, gitQueueTimeoutMs, gitIdleTimeoutMs } = deps.services.config;
  const slots = deps.services.gitSlots;

  const serve = async (request: FastifyRequest<{ Params: RepoParams }>, reply: FastifyReply, call: BackendCall) => {
    const { org, project, repo } = request.params;
    const found = await repositories.find(membershipOf(request).orgId, project, repo);
    // An unknown project is an unknown repository too: git users see one "not found".
    if (!found.ok) throw repositoryApiError({ error: "repositoryNotFound", message: found.message });
    // A client that goes away (while waiting for a slot or mid-transfer) must not leave git running.
    const gone = new AbortController();
    reply.raw.once("close", () => {
      if (!reply.raw.writableFinished) gone.abort();
    });
    if (slots.running() >= gitMaxProcesses) {
      request.log.debug({ reqId: request.id, running: slots.running() }, "waiting for a git slot");
    }
    const release = await slots.acquire(gitQueueTimeoutMs, gone.signal);
    if (release === undefined || gone.signal.aborted) {
      release?.();
      if (gone.signal.aborted) return reply.hijack();
      return sendGitSlotsBusy(reply);
    }
    const backend = startHttpBackend({
      projectRoot: repositories.root,
      pathInfo: `/${repositoryRelativePath(found.value.repository)}/${call.resource}`,
      method: call.resource === "info/refs" ? "GET" : "POST",
      queryString: call.queryString,
      headers: request.headers,
      remoteUser: principalOf(request).subject.owner.username,
      remoteAddr: request.ip,
      allowPush: call.allowPush,
      body: request.body instanceof Readable ? request.body : undefined,
      idleTimeoutMs: gitIdleTimeoutMs,
      onIdle: () => {
        request.log.info({ reqId: request.id, org, idleTimeoutMs: gitIdleTimeoutMs }, "git request idle; cut");
        // Nothing useful can be said to a client that stopped sending or reading: close the connection.
        request.raw.socket.destroy();
      },
    });
    // The slot is the process: it comes free when git has exited, not when the response is sent.
    void backend.exited.then(release);
    gone.signal.addEventListener("abort", () => backend.abort(), { once: true });
    void backend.exited.then(({ code, stderr }) => {
      if ((code === 0 && stderr.length === 0) || backend.timedOut() || gone.signal.aborted) return;
      request.log.warn({ reqId: request.id, org, code, stderr: stderr.trim() }, "git http-backend reported a problem");
    });
    try {
      const response = await backend.response;
      return reply.code(response.status).headers(response.headers).send(response.body);
    } catch (error) {
      // git ended before answering because it was cut or its client left: there is no one to answer.
      if (backend.timedOut() || gone.signal.aborted) return reply.hijack();
      throw error;
    }
  };

  app.get<{ Params: RepoParams; Querystring: { service?: string } }>(
    "/:org/:project/_git/:repo/info/refs",
    { onRequest: fetchGuard, config: ROUTE_CONFIG, schema: schema("Ref advertisement (git clone, fetch, push)") },
    async (request, reply) => {
      const service = request.query.service;
      if (!SERVICES.includes(service as GitService)) {
        throw new ApiError("badRequest", "Patina serves git's smart HTTP protocol only: use git 1.6.6 or later.");
      }
      const isPush = service === "git-receive-pack";
      if (isPush) assertMayPush(deps.authenticator, request, request.params.org);
      return serve(request, reply, { resource: "info/refs", queryString: `service=${service}`, allowPush: isPush });
    },
  );
  app.post<{ Params: RepoParams }>(
    "/:org/:project/_git/:repo/git-upload-pack",
    { onRequest: fetchGuard, config: ROUTE_CONFIG, schema: schema("Fetch: send a pack of the wanted objects") },
    async (request, reply) => serve(request, reply, { resource: "git-upload-pack", queryString: "", allowPush: false }),
  );
  app.post<{ Params: RepoParams }>(
    "/:org/:project/_git/:repo/git-receive-pack",
    { onRequest: pushGuard, config: ROUTE_CONFIG, schema: schema("Push: receive a pack and update refs") },
    async (request, reply) => serve(request, reply, { resource: "git-receive-pack", queryString: "", allowPush: true }),
  );
}
