import type { Selectable } from "kysely";
import type { Queryable } from "../db/query.js";
import type { AuditEventTable } from "../db/schema.js";

export type AuditEventRow = Omit<AuditEventTable, "seq">;

/** Appends an audit event. Audit events are never updated or deleted. */
export async function insertAuditEvent(db: Queryable, event: AuditEventRow): Promise<void> {
  await db.insertInto("auditEvents").values(event).execute();
}

/** Events of an organization (or instance-wide when orgId is null), oldest first. */
export async function listAuditEvents(
  db: Queryable,
  filter: { authorizationId?: string },
): Promise<Selectable<AuditEventTable>[]> {
  let query = db.selectFrom("auditEvents").selectAll().orderBy("seq");
  if (filter.authorizationId !== undefined) query = query.where("authorizationId", "=", filter.authorizationId);
  return query.execute();
}
