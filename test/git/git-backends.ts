/**
 * What the bounded-git tests observe from outside: the `git http-backend` children this process
 * (the server under test) has running, read from /proc, and raw smart-HTTP requests whose bodies
 * the test feeds by hand (or never finishes), as a stalled or hostile client would.
 */
import fs from "node:fs";
import http from "node:http";

/** Process ids of the `git http-backend` processes whose parent is this process (or `parentPid`, a server in a child process). */
export function backendChildren(parentPid: number = process.pid): number[] {
  const children: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      // Fields after the command name (which is in parentheses and may hold spaces): state, ppid, …
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid !== parentPid) continue;
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
      if (cmdline[0]?.endsWith("git") && cmdline[1] === "http-backend") children.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return children;
}

/** Waits until `condition` holds; fails with `what` if it still does not after `limitMs` (a liveness bound, not a timing check). */
export async function waitFor(condition: () => boolean, what: string, limitMs = 15_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > limitMs) throw new Error(`gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** An answer to a raw request. */
export interface RawAnswer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** A smart-HTTP POST whose body the test writes; its answer, or how the server ended it. */
export interface OpenRequest {
  /** Resolves with the answer once the response has ended. */
  readonly answer: Promise<RawAnswer>;
  /** Resolves when the connection is closed (by either side), with whether an answer came. */
  readonly closed: Promise<{ answered: boolean }>;
  /** Whether a response has been received so far. */
  answered(): boolean;
  /** Runs `listener` on the response before its body is read (e.g. to stop reading it). */
  onResponse(listener: (response: http.IncomingMessage) => void): void;
  write(chunk: string): void;
  end(chunk?: string): void;
  /** Goes away without finishing (the client's side of a reset). */
  destroy(): void;
}

/** Opens `POST {base}/{path}` as git would (chunked, pack request type) and leaves the body open. */
export function openGitPost(
  base: string,
  path: string,
  token: string,
  headers: Record<string, string> = {},
): OpenRequest {
  const url = new URL(`${base}/${path}`);
  const service = path.endsWith("git-receive-pack") ? "receive-pack" : "upload-pack";
  const request = http.request({
    host: url.hostname,
    port: url.port,
    method: "POST",
    path: url.pathname,
    agent: false,
    headers: {
      authorization: `Basic ${Buffer.from(`:${token}`).toString("base64")}`,
      "content-type": `application/x-git-${service}-request`,
      "transfer-encoding": "chunked",
      ...headers,
    },
  });
  let answered = false;
  const answer = new Promise<RawAnswer>((resolve, reject) => {
    request.on("response", (response) => {
      answered = true;
      let body = "";
      response.setEncoding("utf8").on("data", (chunk: string) => {
        body += chunk;
      });
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
      response.on("error", reject);
    });
    request.on("error", reject);
  });
  answer.catch(() => {});
  const closed = new Promise<{ answered: boolean }>((resolve) => {
    request.on("close", () => resolve({ answered }));
  });
  request.on("error", () => {});
  request.flushHeaders();
  return {
    answer,
    closed,
    answered: () => answered,
    onResponse: (listener) => void request.prependListener("response", listener),
    write: (chunk) => void request.write(chunk),
    end: (chunk) => void request.end(chunk),
    destroy: () => request.destroy(),
  };
}

/** One pkt-line of git's wire protocol. */
export function pktLine(text: string): string {
  return `${(text.length + 4).toString(16).padStart(4, "0")}${text}`;
}
