/**
 * What administrators see of a token: Azure DevOps' `SessionToken` (the tokenadmin area), and
 * Patina's own list entry (the lifecycle API's PatToken plus its owner). Never a secret: `token`
 * and `alternateToken` are always null, as Azure DevOps returns them from list queries.
 */
import { tokenStatus } from "../domain/token-rules.js";
import { subjectDescriptorOf } from "../location/connection-data.js";
import { type PatTokenView, toPatTokenView } from "../tokens/pat-view.js";
import type { TokenRow } from "../tokens/token.repository.js";
import type { AdministeredTokenRow } from "./admin-token.repository.js";

/** The GUID Azure DevOps reports for fields a personal access token does not have (client, access, host authorization). */
const EMPTY_GUID = "00000000-0000-0000-0000-000000000000";

/** Azure DevOps' SessionToken. */
export interface SessionTokenView {
  clientId: string;
  accessId: string;
  authorizationId: string;
  hostAuthorizationId: string;
  userId: string;
  validFrom: string;
  validTo: string;
  displayName: string;
  scope: string;
  targetAccounts: string[] | null;
  token: null;
  alternateToken: null;
  isValid: boolean;
  isPublic: false;
  publicData: null;
  source: null;
  claims: null;
}

/** A stored token as Azure DevOps' SessionToken. */
export function toSessionTokenView(row: TokenRow, now: Date): SessionTokenView {
  return {
    clientId: EMPTY_GUID,
    accessId: EMPTY_GUID,
    authorizationId: row.authorizationId,
    hostAuthorizationId: EMPTY_GUID,
    userId: row.userId,
    validFrom: row.validFrom,
    validTo: row.validTo,
    displayName: row.displayName,
    scope: row.scope,
    targetAccounts: row.allOrgs === 1 || row.orgId === null ? null : [row.orgId],
    token: null,
    alternateToken: null,
    isValid: tokenStatus(row, now) === "active",
    isPublic: false,
    publicData: null,
    source: null,
    claims: null,
  };
}

/** A token in Patina's organization list: the PatToken and whose it is. */
export interface AdminTokenView extends PatTokenView {
  owner: { id: string; username: string; displayName: string; subjectDescriptor: string };
  createdAt: string;
  revokedAt: string | null;
}

/** A governed token as Patina's list shows it. */
export function toAdminTokenView(row: AdministeredTokenRow, now: Date): AdminTokenView {
  const { ownerUsername, ownerDisplayName, ...token } = row;
  return {
    ...toPatTokenView(token, now),
    owner: {
      id: row.userId,
      username: ownerUsername,
      displayName: ownerDisplayName,
      subjectDescriptor: subjectDescriptorOf(row.userId),
    },
    createdAt: row.createdAt,
    revokedAt: row.revokedAt,
  };
}
