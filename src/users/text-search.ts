/**
 * "Contains this text, ignoring case" over a few columns, the same on SQLite and PostgreSQL:
 * both sides lower-cased (PostgreSQL's LIKE is case-sensitive, SQLite's only for non-ASCII),
 * and the search's own `%`, `_` and `\` escaped so they match themselves, never as wildcards.
 */
import { type Expression, type SqlBool, sql } from "kysely";

/** The LIKE pattern that finds `text` anywhere in a value. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** True where any of `columns` contains `text`, ignoring case. */
export function anyColumnContains(columns: readonly string[], text: string): Expression<SqlBool> {
  const pattern = containsPattern(text);
  const tests = columns.map((column) => sql<SqlBool>`lower(${sql.ref(column)}) like lower(${pattern}) escape '\\'`);
  return sql<SqlBool>`(${sql.join(tests, sql` or `)})`;
}
