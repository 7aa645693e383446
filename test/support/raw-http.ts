/**
 * HTTP/1.1 over a plain socket, for what `inject()` and fetch cannot send or would rewrite: a
 * malformed percent-encoding, an oversized header block, a HEAD whose answer must have no body.
 */
import net from "node:net";

/** A response as it came off the wire. */
export interface RawResponse {
  readonly status: number;
  /** Header names in lower case. */
  readonly headers: Record<string, string>;
  /** Everything after the header block: for HEAD, this must be empty. */
  readonly body: string;
  readonly raw: string;
}

/** Sends bytes (in one write, or in several) and reads until the server closes the connection. */
export function rawHttp(port: number, request: string | string[]): Promise<RawResponse> {
  const chunks = typeof request === "string" ? [request] : request;
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    const received: Buffer[] = [];
    socket.on("connect", async () => {
      for (const chunk of chunks) {
        if (socket.destroyed) break;
        socket.write(chunk);
        // Separate writes arrive as separate packets on loopback when spaced out a little.
        if (chunks.length > 1) await new Promise((next) => setTimeout(next, 20));
      }
    });
    socket.on("data", (data) => received.push(data));
    // The server may reset a connection it refused while we were still writing.
    socket.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "ECONNRESET" && error.code !== "EPIPE") reject(error);
    });
    socket.on("close", () => {
      const raw = Buffer.concat(received).toString("latin1");
      const end = raw.indexOf("\r\n\r\n");
      if (end < 0) return reject(new Error(`no complete response: ${JSON.stringify(raw.slice(0, 200))}`));
      const [statusLine = "", ...lines] = raw.slice(0, end).split("\r\n");
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(":");
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ status: Number(statusLine.split(" ")[1]), headers, body: raw.slice(end + 4), raw });
    });
  });
}

/** A request head with `Connection: close`, so the server ends the exchange after answering. */
export function requestHead(method: string, target: string, headers: Record<string, string> = {}): string {
  const lines = Object.entries({ host: "127.0.0.1", connection: "close", ...headers }).map(([k, v]) => `${k}: ${v}`);
  return `${method} ${target} HTTP/1.1\r\n${lines.join("\r\n")}\r\n\r\n`;
}
