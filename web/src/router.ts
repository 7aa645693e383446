/**
 * A tiny history-API router: the app's pages are a fixed list of path patterns, so a routing
 * library would be weight without benefit. The server answers every page path with index.html
 * (src/web/app-pages.ts matches the same patterns).
 */
import { useEffect, useState } from "react";
import { matchAppPage, type PageRoute } from "../../src/web/app-pages.ts";

export { matchAppPage, type PageRoute };

export const SIGN_IN_PATH = "/_signin";
export const SETUP_PATH = "/_setup";
export const TOKENS_PATH = "/_usersSettings/tokens";
export const PROFILE_PATH = "/_usersSettings/profile";

const org = (name: string) => `/${encodeURIComponent(name)}`;

/** Links to every page, so no page spells another's path. */
export const paths = {
  tokens: (orgName?: string) => (orgName === undefined ? TOKENS_PATH : `${org(orgName)}${TOKENS_PATH}`),
  tokenDetails: (authorizationId: string) => `${TOKENS_PATH}/${encodeURIComponent(authorizationId)}`,
  profile: () => PROFILE_PATH,
  orgPolicies: (orgName: string) => `${org(orgName)}/_settings/policies`,
  orgTokens: (orgName: string) => `${org(orgName)}/_settings/tokens`,
  orgAudit: (orgName: string) => `${org(orgName)}/_settings/audit`,
  orgMembers: (orgName: string) => `${org(orgName)}/_settings/users`,
  instanceUsers: () => "/_settings/users",
  instancePolicies: () => "/_settings/policies",
} as const;

const listeners = new Set<() => void>();

/** Goes to a same-origin path without reloading; `replace` keeps Back from returning here. */
export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, "", path);
  else window.history.pushState(null, "", path);
  for (const listener of listeners) listener();
}

/** The current location (path and query), re-rendering on navigation and Back/Forward. */
export function useLocation(): { path: string; search: URLSearchParams } {
  const [, setVersion] = useState(0);
  useEffect(() => {
    const update = () => setVersion((version) => version + 1);
    listeners.add(update);
    window.addEventListener("popstate", update);
    return () => {
      listeners.delete(update);
      window.removeEventListener("popstate", update);
    };
  }, []);
  return { path: window.location.pathname, search: new URLSearchParams(window.location.search) };
}

/**
 * Replaces one query parameter of the current URL without a new history entry (filters and
 * searches live in the URL, so a reload or a shared link keeps them). `null` removes it.
 */
export function setQueryParam(name: string, value: string | null): void {
  const url = new URL(window.location.href);
  if (value === null || value === "") url.searchParams.delete(name);
  else url.searchParams.set(name, value);
  navigate(`${url.pathname}${url.search}${url.hash}`, { replace: true });
}

/**
 * The page to land on after sign-in. Only a path on this origin is accepted, so a crafted
 * sign-in link cannot send the user to another site (open redirect).
 */
export function safeReturnTo(value: string | null): string {
  if (value === null || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) {
    return TOKENS_PATH;
  }
  const target = new URL(value, window.location.origin);
  if (target.origin !== window.location.origin || target.pathname === SIGN_IN_PATH) return TOKENS_PATH;
  return `${target.pathname}${target.search}${target.hash}`;
}

/** The sign-in URL that returns to `path` afterwards. */
export function signInUrl(path: string): string {
  if (path === "/" || path === SIGN_IN_PATH) return SIGN_IN_PATH;
  return `${SIGN_IN_PATH}?returnTo=${encodeURIComponent(path)}`;
}

/** Sets the browser tab's title, e.g. "Personal access tokens · Patina"; undefined leaves it. */
export function usePageTitle(title: string | undefined): void {
  useEffect(() => {
    if (title !== undefined) document.title = `${title} · Patina`;
  }, [title]);
}
