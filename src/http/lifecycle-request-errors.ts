/**
 * The `patTokenError` of a lifecycle API request refused before its handler ran (a malformed
 * body, a missing one, an unsupported content type, an oversized body, a field no rule of the
 * lifecycle names). Azure DevOps names such failures by the operation that failed, so a client
 * that switches on `patTokenError` learns that its create or update did not happen rather than
 * reading `none`.
 */

/** The path of a URL, lower-cased (routes are case-insensitive), without query or trailing slash. */
function pathOf(url: string): string {
  const path = (url.split("?")[0] ?? "").toLowerCase();
  return path.endsWith("/") ? path.slice(0, -1) : path;
}

/**
 * Azure DevOps' `patTokenError` for a refused create (POST …/tokens/pats) or change of a token
 * (PUT …/tokens/pats, POST …/tokens/pats/regenerate); `none` for anything else.
 */
export function lifecycleRequestError(method: string, url: string): string {
  const path = pathOf(url);
  if (method === "PUT" && path.endsWith("/_apis/tokens/pats")) return "failedToUpdateAccessToken";
  if (method !== "POST") return "none";
  if (path.endsWith("/_apis/tokens/pats")) return "failedToIssueAccessToken";
  if (path.endsWith("/_apis/tokens/pats/regenerate")) return "failedToUpdateAccessToken";
  return "none";
}
