/**
 * A stand-in for the shared "revoke as the system" function the token administration feature
 * builds (signature: RevokeAsSystem in src/policies/unused-token-revocation.job.ts), so the
 * unused-token job can be tested now. The integrator replaces it with the shared one. It revokes
 * with the existing conditional `revokeTokenOnce`, audits `Token.PatSystemRevokeEvent` with
 * `details.reason`, and announces the token change, like every other revocation.
 */
import { recordAuditEvent } from "../../src/audit/audit-log.js";
import type { RevokeAsSystem } from "../../src/policies/unused-token-revocation.job.js";
import type { Services } from "../../src/services.js";
import { revokeTokenOnce } from "../../src/tokens/token.repository.js";

const SYSTEM_ACTOR = { userId: null, name: "patina-system", clientIp: null, userAgent: null };

/** Revokes each token that is still active, as the system. */
export function testRevokeAsSystem(services: Services): RevokeAsSystem {
  const { db } = services.store;
  return async (authorizationIds, reason, now) => {
    let revoked = 0;
    for (const authorizationId of authorizationIds) {
      const row = await db
        .selectFrom("tokens")
        .selectAll()
        .where("authorizationId", "=", authorizationId)
        .executeTakeFirst();
      if (row === undefined) continue;
      const event = { kind: "token", authorizationId } as const;
      const won = await db.transaction().execute(async (trx) => {
        const target = { authorizationId, userId: row.userId, visible: { kind: "all" } as const };
        if (!(await revokeTokenOnce(trx, target, { revokedAt: now.toISOString(), revokedBy: null }))) return false;
        await services.changes.record(trx, event);
        await recordAuditEvent(trx, {
          eventType: "Token.PatSystemRevokeEvent",
          actor: SYSTEM_ACTOR,
          timestamp: now,
          orgId: row.orgId,
          authorizationId,
          tokenDisplayName: row.displayName,
          details: { reason },
        });
        return true;
      });
      if (won) {
        services.changes.applied(event);
        revoked++;
      }
    }
    return revoked;
  };
}
