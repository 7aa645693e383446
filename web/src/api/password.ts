/** Changing one's own password (`PUT /_apis/patina/password`, Patina's own session route). */
import { request } from "./http.ts";

/**
 * Changes the signed-in user's password. Every session of the user ends and the server sets a
 * fresh session cookie, so the caller must fetch the session again for its new CSRF token.
 * Rejects with a 403 ApiError when the current password is wrong, 400 when the new one is too short.
 */
export function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  return request<void>("PUT", "/_apis/patina/password", { currentPassword, newPassword });
}
