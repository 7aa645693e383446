/** The requests and answers of the PAT lifecycle service, shared by its REST routes and the CLI. */
import type { AuditActor } from "../audit/audit-log.js";
import type { PatTokenView } from "./pat-view.js";

/** Who acts, and in which organization context (the `{org}` of the URL, or the CLI's --org). */
export interface LifecycleContext {
  readonly userId: string;
  readonly actor: AuditActor;
  /** The organization the request is made in; a non-global token targets it. */
  readonly orgId: string | null;
}

/** Azure DevOps' PatTokenCreateRequest. */
export interface CreatePatRequest {
  displayName: string;
  scope: string;
  validTo: string;
  allOrgs?: boolean;
}

/** Azure DevOps' PatTokenUpdateRequest. */
export interface UpdatePatRequest {
  authorizationId: string;
  displayName?: string;
  scope?: string;
  validTo?: string;
  allOrgs?: boolean;
}

/** The list options of Azure DevOps' ListPats. */
export interface ListPatRequest {
  displayFilterOption?: "active" | "revoked" | "expired" | "all";
  sortByOption?: "displayName" | "displayDate" | "status";
  isSortAscending?: boolean;
  top?: number;
  continuationToken?: string;
}

/** Azure DevOps' PagedPatTokens. */
export interface PagedPatTokens {
  continuationToken: string | null;
  patTokens: PatTokenView[];
}

/** The largest page a list returns ($top ≤ 100, as Azure DevOps). */
export const MAX_PAGE_SIZE = 100;
