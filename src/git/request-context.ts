/** How the git routes answer a repository service refusal, and a request that found no git slot free. */
import type { FastifyReply } from "fastify";
import { ApiError } from "../http/error-catalog.js";
import { sendApiError } from "../http/error-handler.js";
import type { RepositoryError } from "./repository.service.js";

/** What a request that found no git slot free is told to wait before trying again (seconds). */
const RETRY_AFTER_SECONDS = 5;

/** The 503 with Retry-After for a request that waited in vain for a git process slot (backend-slots.ts). */
export function sendGitSlotsBusy(reply: FastifyReply): FastifyReply {
  reply.header("Retry-After", String(RETRY_AFTER_SECONDS));
  return sendApiError(
    reply,
    "serviceUnavailable",
    `The server is busy serving other git requests. Try again in ${RETRY_AFTER_SECONDS} seconds.`,
  );
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
