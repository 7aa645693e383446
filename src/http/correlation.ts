/**
 * Azure DevOps' correlation headers. Every answer carries `ActivityId` (this request's id, a
 * GUID, which is also the `reqId` of its log lines) and `X-TFS-Session` (the client's own
 * session id when it sent a GUID there, else the activity id), so a user reporting a failure
 * can quote an id the operator finds in the log. An authenticated answer also carries
 * `X-VSS-UserData: {userId}:{userName}`, which Microsoft's clients and many scripts read to
 * learn whose credential they hold.
 *
 * A client's `X-TFS-Session` and `X-VSS-E2EID` reach the failure log only when they are GUIDs:
 * anything else a client sends there is not repeated, in a header or in the log.
 */
import { randomUUID } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { TokenOwner } from "../auth/verified-token.js";

/** Header names as Azure DevOps sends them. */
export const ACTIVITY_ID_HEADER = "ActivityId";
export const SESSION_HEADER = "X-TFS-Session";
export const USER_DATA_HEADER = "X-VSS-UserData";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Fastify's `genReqId`: every request's id is a GUID, as Azure DevOps' activity ids are. */
export function newActivityId(): string {
  return randomUUID();
}

/** A header's value when it is one GUID; undefined otherwise (absent, repeated, anything else). */
function guidHeader(request: { readonly headers: IncomingHttpHeaders }, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === "string" && GUID.test(value) ? value : undefined;
}

/** Puts the correlation headers on an answer (idempotent: cheap to call twice). */
export function addCorrelationHeaders(request: FastifyRequest, reply: FastifyReply): void {
  reply.header(ACTIVITY_ID_HEADER, request.id);
  reply.header(SESSION_HEADER, guidHeader(request, "x-tfs-session") ?? request.id);
}

/** The client's correlation ids for a failure's log line; empty when it sent none (or no GUIDs). */
export function clientCorrelation(request: { readonly headers: IncomingHttpHeaders }): {
  tfsSession?: string;
  e2eId?: string;
} {
  const tfsSession = guidHeader(request, "x-tfs-session");
  const e2eId = guidHeader(request, "x-vss-e2eid");
  if (tfsSession === undefined && e2eId === undefined) return {};
  return { ...(tfsSession === undefined ? {} : { tfsSession }), ...(e2eId === undefined ? {} : { e2eId }) };
}

// Per owner object (verified tokens are cached, so the owner is too): one string per user, not
// one per request.
const userDataByOwner = new WeakMap<TokenOwner, string>();

/** `X-VSS-UserData` for the caller: `{userId}:{userName}`. */
export function userDataOf(owner: TokenOwner): string {
  let value = userDataByOwner.get(owner);
  if (value === undefined) {
    value = `${owner.id}:${owner.username}`;
    userDataByOwner.set(owner, value);
  }
  return value;
}
