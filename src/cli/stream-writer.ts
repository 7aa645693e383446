/**
 * Writing a long output to a stream that may be a pipe: waits when the pipe is full (so a scan
 * with many findings does not pile its output up in memory) and notices when the reader has gone
 * (`patina scan . | head -1`), so the command can stop instead of dying of an EPIPE.
 */
import { once } from "node:events";

/** A writer over one stream; `closed` turns true once the reader is gone. */
export interface StreamWriter {
  readonly closed: boolean;
  /** Writes text; resolves once the stream can take more. Does nothing once closed. */
  write(text: string): Promise<void>;
}

/** Wraps a stream (stdout) whose reader may stop reading. */
export function streamWriter(stream: NodeJS.WritableStream): StreamWriter {
  let closed = false;
  // Without a listener, a write error (EPIPE) is an uncaught exception with a stack trace.
  stream.on("error", () => {
    closed = true;
  });
  return {
    get closed() {
      return closed;
    },
    async write(text) {
      if (closed) return;
      if (stream.write(text)) return;
      try {
        await once(stream, "drain");
      } catch {
        closed = true;
      }
    },
  };
}
