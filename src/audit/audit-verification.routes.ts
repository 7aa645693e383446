/**
 * `GET /{org}/_apis/patina/audit/verification`: the tamper-evident check of one organization's
 * audit log (its hash chain, walked as `patina audit verify` walks it) for the organization's
 * administrators, e.g. for the audit page's "chain verified" indicator.
 *
 * Only the organization's own chain is walked, and the message names only a position in it and
 * the kind of damage, never another organization's events or the event's content: the server's
 * operator has `patina audit verify` for the details.
 */
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import type { ChainProblem } from "../domain/audit-chain.js";
import { membershipOf } from "../http/principal.js";
import type { RouteDeps } from "../http/route-deps.js";
import { verifyAuditChains } from "./audit-verify.js";

const LOG_READ = "vso.auditlog";

export const AuditVerificationSchema = Type.Object({
  verified: Type.Boolean({ description: "True when no event of the organization was changed, removed or reordered" }),
  checkedEvents: Type.Integer({ description: "Events checked (up to the first problem)" }),
  checkedAt: Type.String({ format: "date-time" }),
  message: Type.String(),
});

const DAMAGE: Readonly<Record<ChainProblem["problem"], string>> = {
  changed: "was changed after it was recorded",
  removed: "is missing (events were removed)",
  reordered: "is out of order",
  unchained: "is not part of the chain",
};

/** The verification's sentence for people. */
function describe(checkedEvents: number, problem: ChainProblem | undefined): string {
  if (problem === undefined) {
    return `The audit log is intact: ${checkedEvents} event${checkedEvents === 1 ? "" : "s"} checked against the hash chain.`;
  }
  return `The audit log has been tampered with: the event at position ${problem.position} ${DAMAGE[problem.problem]}. Ask the server's operator to run 'patina audit verify'.`;
}

/** Registers the organization's audit chain check. */
export function registerAuditVerificationRoute(app: FastifyInstance, deps: RouteDeps) {
  const { services } = deps;
  app.get(
    "/:org/_apis/patina/audit/verification",
    {
      onRequest: deps.guard({ org: true, scope: LOG_READ, minRole: "admin" }),
      config: { noStore: true },
      schema: {
        tags: ["Audit"],
        summary: "Verify the organization's audit log against its hash chain",
        params: Type.Object({ org: Type.String({ maxLength: 64 }) }),
        querystring: Type.Object({ "api-version": Type.Optional(Type.String()) }),
        response: { 200: AuditVerificationSchema },
      },
    },
    async (request) => {
      const membership = membershipOf(request);
      const reports = await verifyAuditChains(services.store.db, { orgId: membership.orgId });
      const checkedEvents = reports.reduce((sum, report) => sum + report.verified, 0);
      const problem = reports.find((report) => report.problem !== undefined)?.problem;
      return {
        verified: problem === undefined,
        checkedEvents,
        checkedAt: services.clock.now().toISOString(),
        message: describe(checkedEvents, problem),
      };
    },
  );
}
