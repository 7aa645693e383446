// Bulk row copying for seeding, on either database: read a template row, insert many rows with
// the same columns inside one transaction. SQLite uses one prepared statement per table;
// PostgreSQL inserts each batch in one statement from unnest()ed arrays, typed from
// information_schema, which is far faster than row-by-row inserts.
import SqliteDatabase from "better-sqlite3";
import pg from "pg";

/** Opens a writer on the SQLite file. */
export function sqliteWriter(file) {
  const db = new SqliteDatabase(file);
  // One big transaction of random-key inserts: keep its pages in memory (256 MiB) instead of
  // spilling to the WAL, and skip fsyncs (a failed seed is simply seeded again).
  db.pragma("cache_size = -262144");
  db.pragma("synchronous = OFF");
  const inserts = new Map();
  return {
    template: async (table, column, value) => db.prepare(`select * from ${table} where ${column} = ?`).all(value),
    begin: async () => db.exec("begin"),
    commit: async () => db.exec("commit"),
    async insert(table, columns, rows) {
      const key = `${table}(${columns})`;
      if (!inserts.has(key)) {
        const marks = columns.map(() => "?").join(", ");
        inserts.set(key, db.prepare(`insert into ${table} (${columns.join(", ")}) values (${marks})`));
      }
      const statement = inserts.get(key);
      for (const row of rows) statement.run(row);
    },
    async close() {
      db.pragma("wal_checkpoint(TRUNCATE)");
      db.close();
    },
  };
}

/** Opens a writer on a PostgreSQL database. */
export async function postgresWriter(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const types = new Map();
  async function columnTypes(table) {
    if (!types.has(table)) {
      const result = await client.query(
        "select column_name, udt_name from information_schema.columns where table_name = $1 and table_schema = current_schema()",
        [table],
      );
      types.set(table, new Map(result.rows.map((row) => [row.column_name, row.udt_name])));
    }
    return types.get(table);
  }
  return {
    template: async (table, column, value) =>
      (await client.query(`select * from ${table} where ${column} = $1`, [value])).rows,
    begin: async () => client.query("begin"),
    async commit() {
      await client.query("commit");
      // What autovacuum would do soon after a bulk load: planner statistics, visibility map.
      await client.query("vacuum analyze");
    },
    async insert(table, columns, rows) {
      const typeOf = await columnTypes(table);
      const arrays = columns.map((_, i) => rows.map((row) => row[i]));
      const unnested = columns.map((column, i) => `$${i + 1}::${typeOf.get(column)}[]`).join(", ");
      await client.query(`insert into ${table} (${columns.join(", ")}) select * from unnest(${unnested})`, arrays);
    },
    close: () => client.end(),
  };
}
