/**
 * The one way the app calls Patina: JSON over fetch with the session cookie, the CSRF header on
 * every state-changing call, and the Azure DevOps error body turned into an ApiError.
 */

/** The api-version the app speaks; sent in Accept as the official clients do. */
const ACCEPT = "application/json;api-version=7.1";

/** A failed call, with what the error body and headers said. */
export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly status: number,
    message: string,
    /** Azure DevOps' `typeKey`, e.g. VssUnauthorizedException. */
    readonly typeKey: string | undefined,
    /** The lifecycle API's `patTokenError`, e.g. invalidValidTo. */
    readonly patTokenError: string | undefined,
    /** Seconds from a 429's Retry-After header. */
    readonly retryAfterSeconds: number | undefined,
  ) {
    super(message);
  }
}

/** What a call made with a session that has ended rejects with. */
export const SESSION_ENDED_MESSAGE = "Your session has ended. Sign in again to continue.";

let csrfToken: string | null = null;
let onSessionEnded: (() => void) | null = null;
let onStepUpRequired: (() => Promise<boolean>) | null = null;

/**
 * Registers what happens when a call is answered 403 StepUpRequiredException (a sensitive action
 * and a sign-in longer ago than the server allows): the app asks for the password again and
 * resolves true once the session is stepped up; the call is then retried once.
 */
export function setStepUpHandler(handler: (() => Promise<boolean>) | null): void {
  onStepUpRequired = handler;
}

/**
 * Registers what happens when a call made with a session is answered 401: the session ended
 * (expired, or signed out elsewhere). The app shell turns that into a sign-in prompt, so no page
 * shows the token API's "provide a valid personal access token" wording to a browser user.
 */
export function setSessionEndedHandler(handler: (() => void) | null): void {
  onSessionEnded = handler;
}

/** Remembers the session's CSRF token; every later POST/PUT/PATCH/DELETE sends it. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Calls the API; resolves with the parsed JSON body (undefined for 204), rejects with ApiError. */
export async function request<T>(method: Method, url: string, body?: unknown): Promise<T> {
  try {
    return await send<T>(method, url, body);
  } catch (error) {
    if (!(error instanceof ApiError) || error.typeKey !== "StepUpRequiredException" || onStepUpRequired === null) {
      throw error;
    }
    if (!(await onStepUpRequired())) throw error;
    return send<T>(method, url, body);
  }
}

async function send<T>(method: Method, url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: ACCEPT };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (method !== "GET" && csrfToken !== null) headers["x-patina-csrf"] = csrfToken;
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      credentials: "same-origin",
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError(
      0,
      "Patina cannot be reached. Check your connection and try again.",
      undefined,
      undefined,
      undefined,
    );
  }
  if (response.status === 204) return undefined as T;
  const payload: unknown = await response.json().catch(() => undefined);
  if (response.status === 401 && csrfToken !== null) {
    onSessionEnded?.();
    // The body is the token API's "provide a valid personal access token": not for a browser user.
    throw new ApiError(401, SESSION_ENDED_MESSAGE, undefined, undefined, undefined);
  }
  if (!response.ok) throw toApiError(response, payload);
  return payload as T;
}

function toApiError(response: Response, payload: unknown): ApiError {
  const fields = typeof payload === "object" && payload !== null ? (payload as Record<string, unknown>) : {};
  const text = (key: string) => (typeof fields[key] === "string" ? (fields[key] as string) : undefined);
  const retryAfter = Number.parseInt(response.headers.get("retry-after") ?? "", 10);
  const patTokenError = text("patTokenError");
  return new ApiError(
    response.status,
    text("message") ?? `The request failed (HTTP ${response.status}).`,
    text("typeKey"),
    patTokenError === "none" ? undefined : patTokenError,
    Number.isFinite(retryAfter) ? retryAfter : undefined,
  );
}

/** A message for any thrown value, for places that show an error in words. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : "Something went wrong.";
}
