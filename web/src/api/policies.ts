/** The policy API (`/_apis/patina/policies`, `/{org}/_apis/patina/policies`), as an administrator's session calls it. */

// The shapes come from the server's own modules (types only), so the two cannot drift.
import type { PolicyKey, PolicyLevel } from "../../../src/domain/policy-rules.ts";
import type { PolicyView } from "../../../src/policies/policy-view.ts";
import { request } from "./http.ts";

export type { PolicyKey, PolicyLevel, PolicyView };

/** A change of some keys of one level (the allow list as user names). */
export type PolicyChanges = Partial<Record<PolicyKey, unknown>>;

/** Where a level's policy lives: the instance, or one organization. */
export type PolicyPlace = { level: "instance" } | { level: "organization"; org: string };

const urlOf = (place: PolicyPlace) =>
  place.level === "instance" ? "/_apis/patina/policies" : `/${encodeURIComponent(place.org)}/_apis/patina/policies`;

/** A level's own values and what applies there. */
export function getPolicies(place: PolicyPlace): Promise<PolicyView> {
  return request<PolicyView>("GET", urlOf(place));
}

/** Changes the keys named; the answer is the level as it now is. */
export function updatePolicies(place: PolicyPlace, changes: PolicyChanges): Promise<PolicyView> {
  return request<PolicyView>("PATCH", urlOf(place), changes);
}
