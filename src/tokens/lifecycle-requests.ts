/** The requests and answers of the PAT lifecycle service, shared by its REST routes and the CLI. */
import { type AuditActor, CLI_ACTOR } from "../audit/audit-log.js";
import type { ActingCredential } from "../domain/token-authority.js";
import type { PatTokenView } from "./pat-view.js";

/**
 * Whose tokens, who acts (and so with what authority), and in which organization context (the
 * `{org}` of the URL, or the CLI's --org).
 */
export interface LifecycleContext {
  /** The owner of the tokens acted on. */
  readonly userId: string;
  /** Whether the owner is an instance administrator (only they may own introspection tokens). */
  readonly ownerIsAdmin: boolean;
  /** The credential the action is made with; it bounds what the action may do (domain/token-authority). */
  readonly acting: ActingCredential;
  readonly actor: AuditActor;
  /** The organization the request is made in; a non-global token targets it. */
  readonly orgId: string | null;
}

/**
 * The context of an operator acting for a user from the CLI: operator authority, bounded only by
 * the user's own rights (and rules such as introspection being for administrators).
 */
export function operatorContext(owner: { id: string; isAdmin: number }, orgId: string | null): LifecycleContext {
  return { userId: owner.id, ownerIsAdmin: owner.isAdmin === 1, acting: { kind: "operator" }, actor: CLI_ACTOR, orgId };
}

/** Azure DevOps' PatTokenCreateRequest. */
export interface CreatePatRequest {
  displayName: string;
  scope: string;
  /** Absent or null: the default lifespan (domain/token-rules `defaultValidTo`). */
  validTo?: string | null;
  allOrgs?: boolean;
}

/** Azure DevOps' PatTokenUpdateRequest. */
export interface UpdatePatRequest {
  authorizationId: string;
  displayName?: string;
  scope?: string;
  /** Absent or null: unchanged. */
  validTo?: string | null;
  allOrgs?: boolean;
}

/** The list options of Azure DevOps' ListPats. */
export interface ListPatRequest {
  displayFilterOption?: "active" | "revoked" | "expired" | "all";
  sortByOption?: "displayName" | "displayDate" | "status";
  isSortAscending?: boolean;
  top?: number;
  continuationToken?: string;
  /** Patina's addition: only tokens whose name contains this, in any case. */
  search?: string;
  /** Patina's addition: answer with totalCount too. */
  includeTotalCount?: boolean;
}

/** Azure DevOps' PagedPatTokens, with Patina's optional totalCount. */
export interface PagedPatTokens {
  /** The next page's token; "" on the last page (Microsoft's example of this API shows ""). */
  continuationToken: string;
  patTokens: PatTokenView[];
  /** The tokens matching the filter and search over all pages; only when includeTotalCount. */
  totalCount?: number;
}

/** The largest page a list returns ($top ≤ 100, as Azure DevOps). */
export const MAX_PAGE_SIZE = 100;
