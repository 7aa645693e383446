/**
 * The signed-in session, for every page under the app shell: who is signed in, their
 * organizations and roles, and how to sign out. Pages read it with useSession().
 */
import { createContext, useContext } from "react";
import type { Session, SessionOrganization } from "./api/session.ts";

export interface SessionValue {
  readonly session: Session;
  /** Signs out and shows the sign-in page. */
  readonly signOut: () => Promise<void>;
  /** Fetches the session again (after a password change, which starts a fresh one). */
  readonly refresh: () => Promise<void>;
}

export const SessionContext = createContext<SessionValue | null>(null);

/** The session of the signed-in page this is rendered in. */
export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (value === null) throw new Error("useSession() outside a signed-in page");
  return value;
}

/** The organizations the user administers (role admin). */
export function administeredOrganizations(session: Session): SessionOrganization[] {
  return session.organizations.filter((organization) => organization.role === "admin");
}
