/**
 * The `patTokenError` of a lifecycle API request refused before its handler ran (a malformed
 * body, a missing one, an unsupported content type, an oversized body). Azure DevOps names such
 * failures by the operation that failed, so a client that switches on `patTokenError` learns
 * that its create or update did not happen rather than reading `none`.
 */

/** Azure DevOps' `patTokenError` for a refused create (POST) or update (PUT); `none` otherwise. */
export function lifecycleRequestError(method: string): string {
  if (method === "POST") return "failedToIssueAccessToken";
  if (method === "PUT") return "failedToUpdateAccessToken";
  return "none";
}
