/** The administration context of an authenticated request: the caller's role and credential in the URL's organization. */
import type { FastifyRequest } from "fastify";
import { ApiError } from "../http/error-catalog.js";
import { requestActor } from "../http/principal.js";
import { actingCredential } from "../tokens/token.routes.js";
import type { AdminContext, AdminResult } from "./token-admin.service.js";

/** Who administers in this request; the guard has admitted it to an organization route. */
export function adminContext(request: FastifyRequest): AdminContext {
  const principal = request.principal;
  if (principal === null || principal.membership === undefined)
    throw new Error("admin route reached without a membership");
  const { membership, subject } = principal;
  return {
    admin: { kind: "orgAdmin", orgId: membership.orgId, role: membership.role, acting: actingCredential(subject) },
    actor: requestActor(request, principal),
    orgId: membership.orgId,
  };
}

/** The value of an administration result, or its refusal as the API error. */
export function adminValue<T>(result: AdminResult<T>): T {
  if (!result.ok) throw new ApiError(result.code, result.message);
  return result.value;
}
