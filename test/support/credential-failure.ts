/**
 * What refusals look like to a client: every credential failure on a token route is a 401 with
 * the Basic challenge and one plain-text sentence (see docs/api.md, "Coming from Azure DevOps":
 * the plain text is what makes Microsoft's Python SDK raise its authentication error); every
 * other refusal is the Azure DevOps error body in JSON.
 */
import { expect } from "vitest";
import { UNAUTHORIZED_MESSAGE } from "../../src/http/error-catalog.js";

/** Asserts the one 401 answer; `label` names the case in a failure. */
export function expectCredentialFailure(
  response: { statusCode: number; headers: Record<string, unknown>; body: string },
  label = "",
): void {
  expect(response.statusCode, label).toBe(401);
  expect(response.headers["www-authenticate"], label).toBe('Basic realm="Patina"');
  expect(response.headers["content-type"], label).toBe("text/plain; charset=utf-8");
  expect(response.body, label).toBe(`${UNAUTHORIZED_MESSAGE}\n`);
}

/** Asserts a refusal with `status`: the one plain-text 401, or the JSON error body for any other. */
export function expectRefusal(
  response: { statusCode: number; headers: Record<string, unknown>; body: string; json(): unknown },
  status: number,
  label = "",
): void {
  if (status === 401) {
    expectCredentialFailure(response, label);
    return;
  }
  expect(response.statusCode, label).toBe(status);
  expect(response.json(), label).toMatchObject({ $id: "1", innerException: null, errorCode: 0, eventId: 3000 });
}
