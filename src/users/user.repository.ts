import type { Queryable } from "../db/query.js";
import type { UserTable } from "../db/schema.js";
import { anyColumnContains } from "./text-search.js";

export type UserRow = UserTable;

/** Inserts a user. */
export async function insertUser(db: Queryable, user: UserRow): Promise<void> {
  await db.insertInto("users").values(user).execute();
}

/** Finds a user by user name (case-insensitive: names are stored lower case). */
export async function findUserByUsername(db: Queryable, username: string): Promise<UserRow | undefined> {
  return db.selectFrom("users").selectAll().where("username", "=", username.toLowerCase()).executeTakeFirst();
}

/** Finds a user by id. */
export async function findUserById(db: Queryable, id: string): Promise<UserRow | undefined> {
  return db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Counts users (first-run detection). */
export async function countUsers(db: Queryable): Promise<number> {
  const row = await db
    .selectFrom("users")
    .select((eb) => eb.fn.countAll().as("count"))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Disables or re-enables a user's account (all their tokens and sessions with it). */
export async function setUserDisabled(db: Queryable, id: string, disabled: boolean): Promise<void> {
  await db
    .updateTable("users")
    .set({ isDisabled: disabled ? 1 : 0 })
    .where("id", "=", id)
    .execute();
}

/** The filters and page of the instance's user list. */
export interface UserListQuery {
  /** Text found in the username, display name or e-mail address, ignoring case. */
  readonly search?: string;
  readonly skip: number;
  readonly limit: number;
}

/** A page of the instance's users, by username. */
export async function listUsers(db: Queryable, query: UserListQuery): Promise<UserRow[]> {
  let select = db.selectFrom("users").selectAll();
  if (query.search !== undefined && query.search !== "") {
    select = select.where(anyColumnContains(["username", "displayName", "email"], query.search));
  }
  return select.orderBy("username").offset(query.skip).limit(query.limit).execute();
}
