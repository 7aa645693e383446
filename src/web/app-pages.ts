/**
 * The web UI's page paths, shared by the server (which answers them with index.html and a 200)
 * and the browser app (which renders the page). Organization pages carry the organization's
 * name first, as Azure DevOps URLs do (`/{org}/_settings/...`, `/{org}/_usersSettings/tokens`).
 */

/** A page of the app, with what its path names. */
export type PageRoute =
  | { page: "home" }
  | { page: "signIn" }
  | { page: "setup" }
  | { page: "tokens"; org?: string }
  | { page: "tokenDetails"; authorizationId: string }
  | { page: "profile" }
  | { page: "orgSettings"; org: string; section: "policies" | "tokens" | "audit" | "users" | null }
  | { page: "instanceSettings"; section: "users" | "policies" | null };

const ORG_SECTIONS = ["policies", "tokens", "audit", "users"] as const;
const INSTANCE_SECTIONS = ["users", "policies"] as const;

/** A path segment as text, or undefined when it is not valid percent-encoding. */
function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function sectionOf<T extends string>(sections: readonly T[], segment: string | undefined): T | null | undefined {
  if (segment === undefined) return null;
  return sections.find((section) => section === segment);
}

/** The page a (not yet decoded) path shows, or undefined for a path that is no page. */
export function matchAppPage(path: string): PageRoute | undefined {
  const trimmed = path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
  const segments = trimmed.split("/").slice(1);
  const [first, second, third, fourth] = segments;
  if (trimmed === "/") return { page: "home" };
  if (segments.length === 1 && first === "_signin") return { page: "signIn" };
  if (segments.length === 1 && first === "_setup") return { page: "setup" };
  if (first === "_usersSettings") {
    if (segments.length === 2 && second === "tokens") return { page: "tokens" };
    if (segments.length === 2 && second === "profile") return { page: "profile" };
    if (segments.length === 3 && second === "tokens" && third !== undefined) {
      const authorizationId = decodeSegment(third);
      return authorizationId === undefined || authorizationId === ""
        ? undefined
        : { page: "tokenDetails", authorizationId };
    }
    return undefined;
  }
  if (first === "_settings") {
    if (segments.length > 2) return undefined;
    const section = sectionOf(INSTANCE_SECTIONS, second);
    return section === undefined ? undefined : { page: "instanceSettings", section };
  }
  if (first === undefined || first.startsWith("_")) return undefined;
  const org = decodeSegment(first);
  if (org === undefined || org === "") return undefined;
  if (segments.length === 3 && second === "_usersSettings" && third === "tokens") return { page: "tokens", org };
  if (second === "_settings" && segments.length <= 3 && fourth === undefined) {
    const section = sectionOf(ORG_SECTIONS, third);
    return section === undefined ? undefined : { page: "orgSettings", org, section };
  }
  return undefined;
}
