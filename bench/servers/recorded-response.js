// Reads the response a bare server replays: Patina's own status, headers and body bytes,
// recorded once by the bench (bench/measures/throughput.js) into the file named by argv[2].
import fs from "node:fs";

/** The recorded response: { status, headers, body }; headers as a flat [name, value, …] list. */
export function readRecordedResponse(file) {
  const recorded = JSON.parse(fs.readFileSync(file, "utf8"));
  return { status: recorded.status, headers: recorded.headers, body: Buffer.from(recorded.bodyBase64, "base64") };
}

/** Prints the port line bench/support.js waits for. */
export function announcePort(port) {
  process.stdout.write(`${JSON.stringify({ port })}\n`);
}
