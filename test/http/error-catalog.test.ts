/** The one catalog: every code's status and body, the lifecycle's patTokenError values and the directory's codes. */
import { describe, expect, it } from "vitest";
import {
  azureErrorBody,
  DIRECTORY_ERRORS,
  ERROR_CATALOG,
  PAT_ERRORS,
  type PatErrorCode,
  patApiError,
} from "../../src/http/error-catalog.js";

describe("the error catalog", () => {
  it("gives every code a status, an Azure DevOps type and a message that names no value", () => {
    for (const [code, entry] of Object.entries(ERROR_CATALOG)) {
      expect(entry.status, code).toBeGreaterThanOrEqual(400);
      const body = azureErrorBody(code as keyof typeof ERROR_CATALOG, entry.message);
      expect(body).toMatchObject({ $id: "1", innerException: null, errorCode: 0, eventId: 3000 });
      expect(body.typeName).toBe(`${entry.namespace}.${entry.typeKey}, ${entry.namespace}`);
      expect(entry.message).not.toMatch(/\$\{|%s/);
    }
  });

  it("maps lifecycle failures to 400 for input, 403 for policy or authority, 404 for an unknown token, 409 for a lost race", () => {
    const forbidden = (error: string) =>
      error.endsWith("PolicyViolation") || error.endsWith("BeyondAuthority") || error === "introspectionRequiresAdmin";
    for (const error of Object.keys(PAT_ERRORS) as PatErrorCode[]) {
      const apiError = patApiError({ error, message: "m" });
      const expected =
        error === "authorizationNotFound"
          ? 404
          : error === "concurrentModification"
            ? 409
            : forbidden(error)
              ? 403
              : 400;
      expect(apiError.status, error).toBe(expected);
      expect(apiError.status).toBe(ERROR_CATALOG[apiError.code].status);
      expect(apiError.extra).toEqual({ patToken: null, patTokenError: error, patTokenErrorMessage: "m" });
    }
  });

  it("maps directory refusals to 400, 404 and 409", () => {
    const statuses = Object.fromEntries(Object.entries(DIRECTORY_ERRORS).map(([k, v]) => [k, ERROR_CATALOG[v].status]));
    expect(statuses).toEqual({
      invalidName: 400,
      invalidEmail: 400,
      invalidPassword: 400,
      invalidRole: 400,
      duplicate: 409,
      userNotFound: 404,
      orgNotFound: 404,
      lastAdmin: 409,
    });
  });
});
