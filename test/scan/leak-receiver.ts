/**
 * A small real HTTP server standing in for a Patina server's leak endpoint: it records every
 * request it receives (method, URL, headers, body) and answers as the test says, so the tests
 * see exactly what `patina scan --report` put on the wire.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

/** One request as received. */
export interface ReceivedRequest {
  readonly method: string;
  readonly url: string;
  readonly contentType: string | undefined;
  readonly body: string;
}

/** What the server answers: a status, headers and a body. */
export interface Answer {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

/** A running receiver. */
export interface LeakReceiver {
  readonly url: string;
  readonly received: ReceivedRequest[];
  close(): Promise<void>;
}

/** Starts a receiver on a loopback port; `answer` decides each response (default 202, empty). */
export async function startLeakReceiver(
  answer: (request: ReceivedRequest, index: number) => Answer = () => ({ status: 202 }),
): Promise<LeakReceiver> {
  const received: ReceivedRequest[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      body += chunk;
    });
    req.on("end", () => {
      const request = { method: req.method ?? "", url: req.url ?? "", contentType: req.headers["content-type"], body };
      received.push(request);
      const reply = answer(request, received.length - 1);
      res.writeHead(reply.status, reply.headers).end(reply.body ?? "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
