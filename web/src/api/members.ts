/** An organization's members as its administrators manage them (`/{org}/_apis/patina/members`). */
import { request } from "./http.ts";

export type MemberRole = "reader" | "contributor" | "admin";

/** The roles, least to most, with the words the page shows. */
export const MEMBER_ROLES: readonly { value: MemberRole; label: string; description: string }[] = [
  { value: "reader", label: "Reader", description: "Reads code and work; cannot push." },
  { value: "contributor", label: "Contributor", description: "Reads and pushes code." },
  { value: "admin", label: "Administrator", description: "Everything, including these settings." },
];

export interface Member {
  userId: string;
  username: string;
  displayName: string;
  email: string;
  role: MemberRole;
  isDisabled: boolean;
  addedAt: string;
}

export interface MemberPage {
  members: Member[];
  continuationToken: string | null;
}

/** Members per page. */
export const MEMBER_PAGE_SIZE = 50;

const base = (org: string) => `/${encodeURIComponent(org)}/_apis/patina/members`;

/** One page of the members, optionally only those whose name or email contains `search`. */
export function listMembers(org: string, search: string, continuationToken?: string | null): Promise<MemberPage> {
  const query = new URLSearchParams({ "api-version": "7.1", $top: String(MEMBER_PAGE_SIZE) });
  if (search.trim() !== "") query.set("search", search.trim());
  if (continuationToken) query.set("continuationToken", continuationToken);
  return request<MemberPage>("GET", `${base(org)}?${query}`);
}

/** Adds a user (by username or id) with a role. */
export function addMember(org: string, user: string, role: MemberRole): Promise<Member> {
  return request<Member>("POST", `${base(org)}?api-version=7.1`, { user, role });
}

/** Changes a member's role. */
export function changeMemberRole(org: string, userId: string, role: MemberRole): Promise<Member> {
  return request<Member>("PATCH", `${base(org)}/${encodeURIComponent(userId)}?api-version=7.1`, { role });
}

/** Removes a member from the organization. */
export function removeMember(org: string, userId: string): Promise<void> {
  return request<void>("DELETE", `${base(org)}/${encodeURIComponent(userId)}?api-version=7.1`);
}
