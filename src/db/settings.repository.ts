import type { Queryable } from "./query.js";

/** Reads a setting, creating it with `initial()` on first use (race-safe across processes). */
export async function getOrCreateSetting(db: Queryable, key: string, initial: () => string): Promise<string> {
  await db
    .insertInto("settings")
    .values({ key, value: initial() })
    .onConflict((oc) => oc.column("key").doNothing())
    .execute();
  const row = await db.selectFrom("settings").select("value").where("key", "=", key).executeTakeFirstOrThrow();
  return row.value;
}
