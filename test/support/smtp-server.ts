/**
 * A real SMTP server for the notification tests (the `smtp-server` package on a free loopback
 * port, no TLS, no authentication), keeping every message it accepted, parsed by `mailparser`.
 * `refuseNext(n)` makes it answer the next n messages with a temporary failure (451), the way a
 * busy or broken mail server does.
 */
import type { AddressInfo } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  /** The envelope recipients (RCPT TO). */
  readonly rcptTo: string[];
  /** The raw RFC 822 text. */
  readonly raw: string;
  readonly parsed: ParsedMail;
}

export interface TestSmtpServer {
  /** smtp://127.0.0.1:PORT, for PATINA_SMTP_URL. */
  readonly url: string;
  /** What arrived; tests may empty it between cases. */
  readonly received: ReceivedMail[];
  /** Everything that ever arrived (never emptied), for checks over a whole file's run. */
  readonly everything: ReceivedMail[];
  /** Messages refused so far. */
  refused: number;
  refuseNext(count: number): void;
  close(): Promise<void>;
}

/** Starts an SMTP server on a free port. */
export async function startSmtpServer(): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const everything: ReceivedMail[] = [];
  let toRefuse = 0;
  const state = { refused: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        if (toRefuse > 0) {
          toRefuse -= 1;
          state.refused += 1;
          const error = new Error("Try again later") as Error & { responseCode: number };
          error.responseCode = 451;
          callback(error);
          return;
        }
        const raw = Buffer.concat(chunks).toString("utf8");
        const rcptTo = session.envelope.rcptTo.map((address) => address.address);
        simpleParser(raw).then(
          (parsed) => {
            received.push({ rcptTo, raw, parsed });
            everything.push({ rcptTo, raw, parsed });
            callback();
          },
          (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    everything,
    get refused() {
      return state.refused;
    },
    set refused(value: number) {
      state.refused = value;
    },
    refuseNext(count) {
      toRefuse = count;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
