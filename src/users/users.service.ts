/**
 * The instance's users as instance administrators manage them: list, create, disable and
 * enable. Creating and disabling go through the directory (its validation, its audit events
 * User.CreateEvent / User.DisableEvent / User.EnableEvent, and the change feed that makes a
 * disabled user's tokens and sessions stop at once). An administrator cannot disable themself:
 * that is how an instance ends up with nobody able to administer it.
 */
import type { Kysely } from "kysely";
import type { AuditActor } from "../audit/audit-log.js";
import type { Database } from "../db/schema.js";
import type { Directory } from "../directory.js";
import { hasUnstorableText } from "../domain/text.js";
import { DIRECTORY_ERRORS, type ErrorCode } from "../http/error-catalog.js";
import { isUuid } from "../ids.js";
import type { ContinuationCodec } from "../tokens/continuation.js";
import { findUserById, listUsers, type UserRow } from "./user.repository.js";

/** Largest page of the user list, and the page when the client does not say. */
export const MAX_USER_PAGE_SIZE = 100;
export const DEFAULT_USER_PAGE_SIZE = 100;
/** Longest search text. */
export const MAX_USER_SEARCH_LENGTH = 256;

/** A user as the API shows them (never a password hash). */
export interface UserView {
  id: string;
  username: string;
  displayName: string;
  email: string;
  isAdmin: boolean;
  isDisabled: boolean;
  createdAt: string;
}

export interface UserPage {
  users: UserView[];
  continuationToken: string | null;
}

export interface NewUserRequest {
  username: string;
  email: string;
  displayName?: string;
  password: string;
  isAdmin?: boolean;
}

export type UserFailure = { ok: false; code: ErrorCode; message: string };
export type UserResult<T> = { ok: true; value: T } | UserFailure;

export interface UserAdminDeps {
  readonly db: Kysely<Database>;
  readonly directory: Pick<Directory, "addUser" | "setDisabled">;
  readonly continuation: ContinuationCodec;
}

const fail = (code: ErrorCode, message: string): UserFailure => ({ ok: false, code, message });
const NO_USER = "No such user was found.";

/** The API view of a user row. */
export function toUserView(row: UserRow): UserView {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    email: row.email,
    isAdmin: row.isAdmin !== 0,
    isDisabled: row.isDisabled !== 0,
    createdAt: row.createdAt,
  };
}

/** Creates the user administration service. */
export function createUserAdmin(deps: UserAdminDeps) {
  const { db } = deps;
  const load = async (id: string): Promise<UserResult<UserView>> => {
    const row = await findUserById(db, id);
    return row === undefined ? fail("notFound", NO_USER) : { ok: true, value: toUserView(row) };
  };

  return {
    /** A page of the instance's users, by username, optionally searched. */
    async list(request: { search?: string; top?: number; continuationToken?: string }): Promise<UserResult<UserPage>> {
      const search = request.search?.trim() ?? "";
      if (search.length > MAX_USER_SEARCH_LENGTH || hasUnstorableText(search)) {
        return fail("badRequest", `The search is at most ${MAX_USER_SEARCH_LENGTH} characters of text.`);
      }
      const top = request.top ?? DEFAULT_USER_PAGE_SIZE;
      const options = search.toLowerCase();
      const skip =
        request.continuationToken === undefined ? 0 : deps.continuation.decode(options, request.continuationToken);
      if (skip === undefined) {
        return fail("badRequest", "The continuationToken is invalid or was issued for a different search.");
      }
      const rows = await listUsers(db, { search, skip, limit: top + 1 });
      return {
        ok: true,
        value: {
          users: rows.slice(0, top).map(toUserView),
          continuationToken: rows.length > top ? deps.continuation.encode(options, skip + top) : null,
        },
      };
    },

    /** Creates a local user with a password (the directory's validation and audit event). */
    async create(actor: AuditActor, request: NewUserRequest): Promise<UserResult<UserView>> {
      const created = await deps.directory.addUser(actor, {
        username: request.username,
        email: request.email,
        displayName: request.displayName,
        password: request.password,
        admin: request.isAdmin === true,
      });
      if (!created.ok) return fail(DIRECTORY_ERRORS[created.code], created.message);
      return load(created.value.id);
    },

    /** Disables a user (their tokens and sessions stop at once) or enables them again. */
    async setDisabled(actor: AuditActor, id: string, disabled: boolean): Promise<UserResult<UserView>> {
      if (!isUuid(id)) return fail("notFound", NO_USER);
      const user = await findUserById(db, id.toLowerCase());
      if (user === undefined) return fail("notFound", NO_USER);
      if (disabled && user.id === actor.userId) {
        return fail("badRequest", "You cannot disable your own account; ask another administrator.");
      }
      // Already so: nothing changes and nothing is audited.
      if ((user.isDisabled !== 0) !== disabled) {
        const changed = await deps.directory.setDisabled(actor, user.username, disabled);
        if (!changed.ok) return fail(DIRECTORY_ERRORS[changed.code], changed.message);
      }
      return load(user.id);
    },
  };
}

export type UserAdmin = ReturnType<typeof createUserAdmin>;
