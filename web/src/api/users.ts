/** The instance's user accounts as instance administrators manage them (`/_apis/patina/users`). */
import { request } from "./http.ts";

export interface InstanceUser {
  id: string;
  username: string;
  displayName: string;
  email: string;
  isAdmin: boolean;
  isDisabled: boolean;
  createdAt: string;
}

export interface UserPage {
  users: InstanceUser[];
  continuationToken: string | null;
}

export interface NewUser {
  username: string;
  email: string;
  displayName?: string;
  password: string;
  isAdmin: boolean;
}

/** Users per page. */
export const USER_PAGE_SIZE = 50;

const BASE = "/_apis/patina/users";

/** One page of the users, optionally only those whose name or email contains `search`. */
export function listUsers(search: string, continuationToken?: string | null): Promise<UserPage> {
  const query = new URLSearchParams({ "api-version": "7.1", $top: String(USER_PAGE_SIZE) });
  if (search.trim() !== "") query.set("search", search.trim());
  if (continuationToken) query.set("continuationToken", continuationToken);
  return request<UserPage>("GET", `${BASE}?${query}`);
}

/** Creates a local account. */
export function createUser(user: NewUser): Promise<InstanceUser> {
  return request<InstanceUser>("POST", `${BASE}?api-version=7.1`, user);
}

/** Disables (signs out, tokens stop working) or enables an account. */
export function setUserDisabled(id: string, isDisabled: boolean): Promise<InstanceUser> {
  return request<InstanceUser>("PATCH", `${BASE}/${encodeURIComponent(id)}?api-version=7.1`, { isDisabled });
}
