/*
 * Requests Node's HTTP parser refuses before Fastify sees them: a header block over Node's
 * limit (431), bytes that are not HTTP (400), a request that did not arrive in time (408).
 * Node hands them to the server's `clientError` listener with the raw socket; this answers
 * with the Azure DevOps error body from the catalog and closes the connection.
 *
 * Threats: the default answer was Fastify's own JSON with a body even to HEAD, which a client
 * reading the next response on the connection would take for part of it; and nothing of the
 * refused request is repeated or logged (it may carry a credential). A HEAD gets the headers
 * only. When the request line is not in the packet that failed (a header block spread over
 * several packets), the method is unknown: the answer then has no body, which is right for
 * HEAD and merely terse for anything else.
 */
import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import type { ConnectionError, FastifyBaseLogger } from "fastify";
import { azureErrorBody, ERROR_CATALOG, type ErrorCode, patErrorFields } from "./error-catalog.js";
import { isLifecyclePath } from "./error-handler.js";

const REQUEST_LINE = /^([A-Z]{1,16}) (\S{1,8192}) HTTP\/1\.[01]\r?\n/;

/** Fastify's `clientErrorHandler`: answers a request the HTTP parser refused. */
export function createClientErrorHandler(log: FastifyBaseLogger) {
  return (error: ConnectionError, socket: Socket): void => {
    // A reset connection has nobody left to answer.
    if (error.code === "ECONNRESET" || socket.destroyed) return;
    const code = codeOf(error);
    log.debug({ reason: error.code, status: ERROR_CATALOG[code].status }, "client error");
    // Node passes the packet that failed as a Buffer (the type says otherwise).
    const packet: unknown = error.rawPacket;
    if (socket.writable)
      socket.write(rawErrorResponse(code, requestLineOf(Buffer.isBuffer(packet) ? packet : undefined)));
    socket.destroy();
  };
}

function codeOf(error: ConnectionError): ErrorCode {
  if (error.code === "HPE_HEADER_OVERFLOW") return "headersTooLarge";
  if (error.code === "ERR_HTTP_REQUEST_TIMEOUT" || error.code === "ERR_HTTP_REQUEST_TIMEOUT_EXPIRED") {
    return "requestTimeout";
  }
  return "badRequest";
}

/** The method and target of the refused request, when its packet starts with the request line. */
function requestLineOf(packet: Buffer | undefined): { method: string; target: string } | undefined {
  const match = packet === undefined ? null : REQUEST_LINE.exec(packet.subarray(0, 8300).toString("latin1"));
  return match ? { method: match[1] ?? "", target: match[2] ?? "" } : undefined;
}

/** A complete HTTP/1.1 response with the catalog's body (none for HEAD or an unknown method). */
function rawErrorResponse(code: ErrorCode, request: { method: string; target: string } | undefined): string {
  const entry = ERROR_CATALOG[code];
  const message = code === "badRequest" ? "The request is not valid HTTP/1.1." : entry.message;
  const extra = request && isLifecyclePath(request.target) ? patErrorFields("none", message) : {};
  const body = JSON.stringify(azureErrorBody(code, message, extra));
  const sendBody = request !== undefined && request.method !== "HEAD";
  const length = request === undefined ? 0 : Buffer.byteLength(body);
  return [
    `HTTP/1.1 ${entry.status} ${STATUS_CODES[entry.status] ?? "Error"}`,
    "Content-Type: application/json; charset=utf-8",
    `Content-Length: ${length}`,
    "X-Content-Type-Options: nosniff",
    "Connection: close",
    "",
    sendBody ? body : "",
  ].join("\r\n");
}
