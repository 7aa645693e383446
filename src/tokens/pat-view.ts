import { type TokenStatus, tokenStatus } from "../domain/token-rules.js";
import { parseIpList } from "./ip-list.js";
import type { TokenRow } from "./token.repository.js";

/**
 * A token as the lifecycle API returns it: Azure DevOps' `PatToken` plus Patina's read-only
 * additions (status, last use, display hint). `token` is the secret, present only in the
 * create and regenerate responses.
 */
export interface PatTokenView {
  displayName: string;
  validTo: string;
  scope: string;
  /** The target organization ids; null when the token targets all the owner's organizations. */
  targetAccounts: string[] | null;
  validFrom: string;
  authorizationId: string;
  token: string | null;
  status: TokenStatus;
  lastUsedAt: string | null;
  lastUsedIps: string[];
  tokenHint: string;
}

/** Maps a stored token to the API shape, without the secret unless given. */
export function toPatTokenView(row: TokenRow, now: Date, secret: string | null = null): PatTokenView {
  return {
    displayName: row.displayName,
    validTo: row.validTo,
    scope: row.scope,
    targetAccounts: row.allOrgs === 1 || row.orgId === null ? null : [row.orgId],
    validFrom: row.validFrom,
    authorizationId: row.authorizationId,
    token: secret,
    status: tokenStatus(row, now),
    lastUsedAt: row.lastUsedAt,
    lastUsedIps: parseIpList(row.lastUsedIps),
    tokenHint: `${row.secretHint}…`,
  };
}
