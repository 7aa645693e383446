/**
 * The process logger. Authorization headers and cookies are redacted as a second line of
 * defence; the first is that no code logs a token value.
 */
import pino, { type DestinationStream, type Logger } from "pino";

/** Creates the logger at a level, writing to `destination` (stdout by default). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    redact: {
      paths: [
        "req.headers.authorization",
        "req.headers.cookie",
        'req.headers["x-patina-csrf"]',
        "headers.authorization",
      ],
      censor: "[redacted]",
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
