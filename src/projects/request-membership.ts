/** The organization membership the guard found for a request to an organization route. */
import type { FastifyRequest } from "fastify";
import type { Membership } from "../auth/verified-token.js";

/** The caller's membership; an organization route reached without one is a bug, not a client error. */
export function membershipOf(request: FastifyRequest): Membership {
  const membership = request.principal?.membership;
  if (membership === undefined) throw new Error("organization route reached without a membership");
  return membership;
}
