/** The session endpoints: sign-in, sign-out, the current session and first-run setup. */
import { request, setCsrfToken } from "./http.ts";

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  email: string;
  isAdmin: boolean;
}

export interface SessionOrganization {
  id: string;
  name: string;
  role: string;
}

export interface Session {
  user: SessionUser;
  csrfToken: string;
  organizations: SessionOrganization[];
  expiresAt: string;
  /** How the session was started: password, password+totp, password+recovery, sso, passkey. */
  signInMethod?: string;
  /** A policy requires a second factor the user lacks: only enrolment works until it is set up. */
  mfaEnrolmentRequired?: boolean;
  /** The configured days before expiry at which owners are notified, largest first. */
  expiryNoticeDays: number[];
}

export interface SetupRequest {
  code: string;
  username: string;
  password: string;
  displayName?: string;
  email: string;
  organization: string;
}

const SESSION_URL = "/_apis/patina/session";
const SETUP_URL = "/_apis/patina/setup";

function remember(session: Session): Session {
  setCsrfToken(session.csrfToken);
  return session;
}

/** The current session; rejects with a 401 ApiError when signed out. */
export async function getSession(): Promise<Session> {
  return remember(await request<Session>("GET", SESSION_URL));
}

/** Signs in; the server sets the HttpOnly session cookie, or asks for a second factor first. */
export async function signIn(
  username: string,
  password: string,
): Promise<Session | { secondFactorRequired: true; methods: string[] }> {
  const answer = await request<Session | { secondFactorRequired: true; methods: string[] }>("POST", SESSION_URL, {
    username,
    password,
  });
  return "secondFactorRequired" in answer ? answer : remember(answer);
}

/** Signs out and forgets the CSRF token. */
export async function signOut(): Promise<void> {
  try {
    await request<void>("DELETE", SESSION_URL);
  } finally {
    setCsrfToken(null);
  }
}

/** Whether the store has no user yet, so the first-run setup page applies. */
export async function isSetupRequired(): Promise<boolean> {
  const answer = await request<{ setupRequired: boolean }>("GET", SETUP_URL);
  return answer.setupRequired;
}

/** Creates the first administrator and organization, and signs them in. */
export async function completeSetup(setup: SetupRequest): Promise<Session> {
  return remember(await request<Session>("POST", SETUP_URL, setup));
}
