/**
 * A tiny history-API router: the app has four pages, so a routing library would be weight
 * without benefit. The server answers every page path with index.html.
 */
import { useEffect, useState } from "react";

export const SIGN_IN_PATH = "/_signin";
export const SETUP_PATH = "/_setup";
export const TOKENS_PATH = "/_usersSettings/tokens";

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
