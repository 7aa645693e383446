/** What the git routes read from an authenticated request: the caller and their membership. */
import type { FastifyRequest } from "fastify";
import type { Membership } from "../auth/verified-token.js";
import { ApiError } from "../http/error-catalog.js";
import { principalOf } from "../http/principal.js";
import type { RepositoryError } from "./repository.service.js";

/** The caller's membership in the URL's organization; an organization route without one is a bug. */
export function membershipOf(request: FastifyRequest): Membership {
  const membership = principalOf(request).membership;
  if (membership === undefined) throw new Error("organization route reached without a membership");
  return membership;
}

/** The API error for a repository service refusal. */
export function repositoryApiError(failure: { error: RepositoryError; message: string }): ApiError {
  switch (failure.error) {
    case "projectNotFound":
      return new ApiError("projectNotFound", failure.message);
    case "repositoryNotFound":
      return new ApiError("notFound", failure.message);
    case "repositoryIdRequired":
    case "invalidName":
    case "unsupportedChange":
      return new ApiError("badRequest", failure.message);
    case "duplicateName":
    case "changedMeanwhile":
      return new ApiError("conflict", failure.message);
  }
}
