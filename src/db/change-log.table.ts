/** Row type of the change log (camelCase; the CamelCasePlugin maps to snake_case columns). */
import type { Generated } from "kysely";

/** One committed change, for processes that share a SQLite file and cannot hear a NOTIFY. */
export interface ChangeLogTable {
  /** Increases with every change and is never reused: readers ask for "after the last one seen". */
  seq: Generated<number>;
  /** The ChangeEvent as JSON. */
  event: string;
  /** The recording process's feed id, so a process skips the changes it already applied. */
  origin: string;
  createdAt: string;
}
