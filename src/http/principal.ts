/**
 * The authenticated caller of a guarded route, as handlers read it: the principal the guard
 * kept, its membership in the URL's organization, and the audit actor it makes (who, from which address, with which client).
 */
import type { FastifyRequest } from "fastify";
import type { AuditActor } from "../audit/audit-log.js";
import type { Membership } from "../auth/verified-token.js";
import type { Principal } from "./guard.js";

/** The guard's principal; a guarded route reached without one is a bug, not a client error. */
export function principalOf(request: FastifyRequest): Principal {
  if (request.principal === null) throw new Error("guarded route reached without a principal");
  return request.principal;
}

/** The caller's membership in the URL's organization; an organization route without one is a bug. */
export function membershipOf(request: FastifyRequest): Membership {
  const membership = principalOf(request).membership;
  if (membership === undefined) throw new Error("organization route reached without a membership");
  return membership;
}

/** The audit actor of an authenticated request (the caller's principal by default). */
export function requestActor(request: FastifyRequest, principal: Principal = principalOf(request)): AuditActor {
  const userAgent = request.headers["user-agent"];
  return {
    userId: principal.subject.owner.id,
    name: principal.subject.owner.username,
    clientIp: request.ip,
    userAgent: typeof userAgent === "string" ? userAgent : null,
  };
}
