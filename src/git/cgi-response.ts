/**
 * Reads a CGI program's output: a header block (`Name: value` lines, a blank line), then the
 * body. A Transform that parses the block, announces it with a `head` event, and passes the body
 * through untouched, chunk by chunk, so nothing is buffered beyond the stream's own window.
 */
import { Transform, type TransformCallback } from "node:stream";

/** Largest header block accepted from the CGI program; git's are a few hundred bytes. */
const MAX_HEAD_BYTES = 16 * 1024;

/** The status and headers of a CGI response. */
export interface CgiHead {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
}

/** Parses the CGI header block and passes the body through; emits `head` once with a CgiHead. */
export class CgiResponseParser extends Transform {
  private pending: Buffer = Buffer.alloc(0);
  private headDone = false;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.headDone) {
      callback(null, chunk);
      return;
    }
    this.pending = Buffer.concat([this.pending, chunk]);
    const end = headEnd(this.pending);
    if (end === undefined) {
      callback(this.pending.length > MAX_HEAD_BYTES ? new Error("CGI header block too large") : null);
      return;
    }
    const head = parseHead(this.pending.subarray(0, end.headLength).toString("latin1"));
    const rest = this.pending.subarray(end.bodyStart);
    this.pending = Buffer.alloc(0);
    this.headDone = true;
    this.emit("head", head);
    callback(null, rest.length > 0 ? rest : undefined);
  }

  override _flush(callback: TransformCallback): void {
    callback(this.headDone ? null : new Error("CGI program ended before its header block"));
  }
}

/** Where the header block ends (CRLF CRLF, or LF LF from a lenient program). */
function headEnd(buffer: Buffer): { headLength: number; bodyStart: number } | undefined {
  const crlf = buffer.indexOf("\r\n\r\n");
  const lf = buffer.indexOf("\n\n");
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return { headLength: crlf, bodyStart: crlf + 4 };
  if (lf >= 0) return { headLength: lf, bodyStart: lf + 2 };
  return undefined;
}

function parseHead(text: string): CgiHead {
  let status = 200;
  const headers: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === "status") {
      const code = Number.parseInt(value, 10);
      if (code >= 100 && code <= 599) status = code;
    } else {
      headers[name] = value;
    }
  }
  return { status, headers };
}
