/*
 * Sending the tokens a scan found to a Patina server's leak endpoint
 * (`POST {server}/_apis/patina/leaks`, a JSON array of at most 1000 values; it answers 202 and
 * revokes or flags each live token as its policy says).
 *
 * The values are secrets that have leaked, and this is the one place they leave the process:
 * only in request bodies, never in the URL, a message or an error. A redirect is not followed,
 * since following it would resend the values to wherever it points; a URL with a user name or
 * password is refused (the endpoint needs no credentials, and they would show in messages).
 */
import { setTimeout as sleep } from "node:timers/promises";

/** Most values per request, the endpoint's limit. */
export const LEAK_REPORT_BATCH_SIZE = 1000;
/**
 * Most bytes per request body: below the server's general body limit (BODY_LIMIT in
 * http/server.ts), which the leak route raises for itself, so that a proxy in front with the
 * usual limits lets the reports through too.
 */
export const LEAK_REPORT_MAX_BODY_BYTES = 64 * 1024;
const LEAK_PATH = "/_apis/patina/leaks";
const API_VERSION = "7.1";
const REQUEST_TIMEOUT_MS = 30_000;
/** The endpoint is rate-limited per address: a 429 is waited out this many times, this long at most. */
const MAX_RETRIES_AFTER_429 = 3;
const MAX_RETRY_AFTER_SECONDS = 60;

/** The endpoint's URL for a server URL, or why that URL cannot be used. */
export type LeakEndpoint =
  | { readonly ok: true; readonly url: URL; readonly shown: string }
  | { readonly ok: false; readonly message: string };

/** Builds the leak endpoint's URL from a server's base URL (which may have a path, behind a proxy). */
export function leakEndpoint(serverUrl: string): LeakEndpoint {
  let base: URL;
  try {
    base = new URL(serverUrl);
  } catch {
    return { ok: false, message: "--report needs the Patina server's URL, such as https://patina.example.com." };
  }
  if (base.protocol !== "https:" && base.protocol !== "http:") {
    return { ok: false, message: "--report needs an http:// or https:// URL." };
  }
  if (base.username !== "" || base.password !== "") {
    return { ok: false, message: "--report takes no user name or password in the URL (the leak endpoint needs none)." };
  }
  if (base.search !== "" || base.hash !== "") {
    return { ok: false, message: "--report takes the server's base URL, without a query or fragment." };
  }
  const url = new URL(`${base.pathname.replace(/\/+$/, "")}${LEAK_PATH}`, base.origin);
  const shown = url.href;
  url.searchParams.set("api-version", API_VERSION);
  return { ok: true, url, shown };
}

/** How a report went: how many values the server accepted, and why it stopped if it did. */
export type LeakReportOutcome =
  | { readonly ok: true; readonly reported: number }
  | { readonly ok: false; readonly reported: number; readonly message: string };

/** Posts the values in batches (at most LEAK_REPORT_BATCH_SIZE, and a body within the limit); stops at the first failure. */
export async function reportLeaks(endpoint: URL, tokens: readonly string[]): Promise<LeakReportOutcome> {
  let reported = 0;
  for (const batch of batches(tokens)) {
    const failure = await postBatch(endpoint, batch);
    if (failure !== undefined) return { ok: false, reported, message: failure };
    reported += batch.length;
  }
  return { ok: true, reported };
}

/** Splits the values into request bodies; a value is ASCII, so its JSON takes its length plus 3 bytes. */
function batches(tokens: readonly string[]): string[][] {
  const out: string[][] = [];
  let current: string[] = [];
  let bytes = 2;
  for (const token of tokens) {
    const size = token.length + 3;
    if (
      current.length === LEAK_REPORT_BATCH_SIZE ||
      (current.length > 0 && bytes + size > LEAK_REPORT_MAX_BODY_BYTES)
    ) {
      out.push(current);
      current = [];
      bytes = 2;
    }
    current.push(token);
    bytes += size;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** Sends one batch; returns why it failed, or undefined once the server accepted it. */
async function postBatch(endpoint: URL, batch: readonly string[]): Promise<string | undefined> {
  for (let attempt = 0; ; attempt++) {
    let response: Response;
    try {
      response = await fetch(endpoint, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify(batch),
        redirect: "manual",
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      return networkReason(error);
    }
    // The body is never shown: only the status says what happened.
    await response.body?.cancel();
    if (response.ok) return undefined;
    const waitSeconds = retryAfterSeconds(response);
    if (response.status === 429 && waitSeconds !== undefined && attempt < MAX_RETRIES_AFTER_429) {
      await sleep(waitSeconds * 1000);
      continue;
    }
    return statusReason(response);
  }
}

function retryAfterSeconds(response: Response): number | undefined {
  const header = response.headers.get("retry-after") ?? "1";
  if (!/^\d+$/.test(header)) return undefined;
  const seconds = Number(header);
  return seconds <= MAX_RETRY_AFTER_SECONDS ? seconds : undefined;
}

function statusReason(response: Response): string {
  const status = `${response.status}${response.statusText ? ` ${response.statusText}` : ""}`;
  if (response.status >= 300 && response.status < 400) {
    return `the server answered ${status}, a redirect, which is not followed; give --report the server's own URL`;
  }
  if (response.status === 404) return `the server answered ${status}; is this a Patina server with the leak endpoint?`;
  return `the server answered ${status}`;
}

const NETWORK_REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "the connection was reset",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host name lookup failed",
  ETIMEDOUT: "the connection timed out",
  UND_ERR_CONNECT_TIMEOUT: "the connection timed out",
  UND_ERR_SOCKET: "the connection was closed",
};

/** Why a request got no answer, from the error's code (fetch wraps the system error as its cause). */
function networkReason(error: unknown): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`;
  }
  const cause = error instanceof Error ? error.cause : undefined;
  const code = cause instanceof Error ? (cause as NodeJS.ErrnoException).code : undefined;
  if (code !== undefined) return NETWORK_REASONS[code] ?? code;
  return cause instanceof Error ? cause.message : "the request failed";
}
