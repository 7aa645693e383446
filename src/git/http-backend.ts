/**
 * Runs `git http-backend` (git's own smart HTTP server, a CGI program) for one request,
 * streaming both ways: the request body is piped to its stdin and its stdout, after the CGI
 * header block, becomes the response body. Neither is ever held whole in memory.
 *
 * Threat model: the caller has already authenticated and authorized the request and resolved
 * the repository to a path built from ids. Nothing else from the client reaches git's
 * environment except validated protocol headers (content type and encoding, Git-Protocol), and
 * the service to run is chosen by Patina's route, never by the client. The environment is built
 * from an allow-list, so Patina's secrets never reach git. Receive-pack is switched on only for
 * requests the caller allowed to push.
 *
 * A transfer whose client moves no byte for the idle timeout (it stops sending the request body,
 * or stops reading the answer) is cut: a stalled or hostile client must not hold a git process
 * forever. git working silently on a complete request is not the client's stall and is not cut.
 */
import { spawn } from "node:child_process";
import type { IncomingHttpHeaders } from "node:http";
import type { Readable } from "node:stream";
import { type CgiHead, CgiResponseParser } from "./cgi-response.js";
import { gitEnvironment } from "./git-environment.js";

/** Most of git's error output kept for the log. */
const MAX_STDERR = 4096;
/** How long git may take to exit after SIGTERM before it is killed outright. */
const KILL_GRACE_MS = 5000;
const GIT_PROTOCOL = /^[A-Za-z0-9=:._-]{1,256}$/;
const CONTENT_ENCODING = /^[A-Za-z0-9-]{1,32}$/;

/** One request for the backend. */
export interface BackendRequest {
  /** Folder all repositories live under (GIT_PROJECT_ROOT). */
  readonly projectRoot: string;
  /** `/<repository path relative to the root>/<info/refs | git-upload-pack | git-receive-pack>`. */
  readonly pathInfo: string;
  readonly method: "GET" | "POST";
  /** Built by Patina (e.g. `service=git-upload-pack`), never the client's raw query. */
  readonly queryString: string;
  readonly headers: IncomingHttpHeaders;
  /** The authenticated user's name, for git's logs and hooks. */
  readonly remoteUser: string;
  readonly remoteAddr: string;
  /** Whether receive-pack may run for this request. */
  readonly allowPush: boolean;
  readonly body: Readable | undefined;
  /** A transfer idle (no byte either way) for this long is cut (ms). */
  readonly idleTimeoutMs: number;
  /** Called once when the transfer is cut for being idle, after git was told to stop. */
  readonly onIdle?: () => void;
}

/** A running backend: its response once the header block is read, and a way to stop it. */
export interface BackendProcess {
  /** Resolves with the status, headers and streaming body; rejects if git fails before answering. */
  readonly response: Promise<CgiHead & { body: Readable }>;
  /** Resolves when git exits, with its exit code and the start of its error output. */
  readonly exited: Promise<{ code: number | null; stderr: string }>;
  /** Stops git (the client went away). */
  abort(): void;
  /** Whether the transfer was cut for being idle. */
  timedOut(): boolean;
}

/** Starts `git http-backend` for one request. */
export function startHttpBackend(request: BackendRequest): BackendProcess {
  const child = spawn("git", ["http-backend"], { env: backendEnvironment(request), stdio: ["pipe", "pipe", "pipe"] });
  const parser = new CgiResponseParser();
  let stderr = "";
  let timedOut = false;
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    if (stderr.length < MAX_STDERR) stderr += chunk.slice(0, MAX_STDERR - stderr.length);
  });
  let stopping = false;
  const stop = () => {
    if (stopping || child.exitCode !== null || child.signalCode !== null) return;
    stopping = true;
    child.kill();
    // git passes SIGTERM on to its own children and waits for them; if that hangs, stop it outright.
    const force = () => child.exitCode === null && child.signalCode === null && child.kill("SIGKILL");
    setTimeout(force, KILL_GRACE_MS).unref();
  };
  const body = request.body;
  const idle = setTimeout(() => {
    // Only the client's silence counts: it stopped sending a body git is waiting for, or stopped
    // reading what git has written (back-pressure has paused git's output). git working silently
    // (a complete request, or a body it is slow to read) is not idle: it ends on its own.
    const clientStopsSending = body !== undefined && !body.readableEnded && body.readableFlowing !== false;
    const clientStopsReading = child.stdout.readableFlowing === false;
    if (!clientStopsSending && !clientStopsReading) {
      idle.refresh();
      return;
    }
    timedOut = true;
    stop();
    request.onIdle?.();
  }, request.idleTimeoutMs);
  // Any byte moving either way is progress.
  const progress = () => idle.refresh();
  // git may stop reading (an error, or a request it rejects) before the body ends: a broken
  // pipe then is expected, and the response says what happened.
  child.stdin.on("error", () => {});
  if (body) {
    body.on("error", stop);
    body.on("data", progress);
    body.pipe(child.stdin);
  } else {
    child.stdin.end();
  }
  child.stdout.on("data", progress);
  child.stdout.pipe(parser);

  const exited = new Promise<{ code: number | null; stderr: string }>((resolve) => {
    child.on("close", (code) => resolve({ code, stderr }));
    child.on("error", () => resolve({ code: null, stderr }));
  });
  void exited.then(() => clearTimeout(idle));
  const response = new Promise<CgiHead & { body: Readable }>((resolve, reject) => {
    parser.once("head", (head: CgiHead) => resolve({ ...head, body: parser }));
    parser.once("error", reject);
    child.once("error", reject);
  });
  // Once answered, a later parser error (git died mid-stream) ends the response stream instead.
  response.catch(() => {});
  return { response, exited, abort: stop, timedOut: () => timedOut };
}

/** The CGI environment (RFC 3875) for git, from the allow-list plus this request. */
function backendEnvironment(request: BackendRequest): Record<string, string> {
  const env: Record<string, string> = {
    GATEWAY_INTERFACE: "CGI/1.1",
    SERVER_PROTOCOL: "HTTP/1.1",
    GIT_PROJECT_ROOT: request.projectRoot,
    GIT_HTTP_EXPORT_ALL: "1",
    PATH_INFO: request.pathInfo,
    REQUEST_METHOD: request.method,
    QUERY_STRING: request.queryString,
    REMOTE_USER: request.remoteUser,
    REMOTE_ADDR: request.remoteAddr,
    // Configuration given this way outranks the repository's own, so no repository setting can
    // enable pushing where Patina did not.
    GIT_CONFIG_COUNT: "1",
    GIT_CONFIG_KEY_0: "http.receivepack",
    GIT_CONFIG_VALUE_0: request.allowPush ? "true" : "false",
  };
  const { headers } = request;
  const contentType = single(headers["content-type"]);
  if (contentType !== undefined) env.CONTENT_TYPE = contentType.slice(0, 200);
  const length = single(headers["content-length"]);
  // Without a length (a chunked body) git reads its input to the end, which is what we want.
  if (length !== undefined && /^\d{1,15}$/.test(length) && headers["transfer-encoding"] === undefined) {
    env.CONTENT_LENGTH = length;
  }
  const encoding = single(headers["content-encoding"]);
  if (encoding !== undefined && CONTENT_ENCODING.test(encoding)) env.HTTP_CONTENT_ENCODING = encoding;
  // Protocol v2 is negotiated through this header; git http-backend reads it from HTTP_GIT_PROTOCOL.
  const protocol = single(headers["git-protocol"]);
  if (protocol !== undefined && GIT_PROTOCOL.test(protocol)) env.HTTP_GIT_PROTOCOL = protocol;
  return gitEnvironment(env);
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
