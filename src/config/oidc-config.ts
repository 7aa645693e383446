/**
 * The single sign-on part of the configuration (PATINA_OIDC_*), validated with the rest at start.
 * All three of issuer, client id and client secret, or none (SSO off). An `http:` issuer is
 * accepted only on a loopback address (a test or development provider): anywhere else the
 * discovery document, keys and tokens would travel unprotected.
 */
import { type GroupRole, parseGroupRoles } from "../domain/group-roles.js";

/** The fixed path the provider redirects back to; register PATINA_PUBLIC_URL + this at the provider. */
export const OIDC_CALLBACK_PATH = "/_signin/oidc/callback";

/** Single sign-on with one OpenID Connect provider. */
export interface OidcConfig {
  /** The issuer identifier (discovery is at issuer + /.well-known/openid-configuration). */
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** PATINA_PUBLIC_URL + OIDC_CALLBACK_PATH. */
  readonly redirectUrl: string;
  /** The claim naming the Patina user on a first sign-in (PATINA_OIDC_USERNAME_CLAIM, `preferred_username`). */
  readonly usernameClaim: string;
  /** The claim listing the user's groups (PATINA_OIDC_GROUPS_CLAIM); null: memberships are not managed. */
  readonly groupsClaim: string | null;
  /** PATINA_OIDC_GROUP_ROLES: which group gives which role in which organization. */
  readonly groupRoles: readonly GroupRole[];
  /** The button says "Sign in with {label}" (PATINA_OIDC_LABEL, "single sign-on"). */
  readonly label: string;
  /** The scopes asked for (PATINA_OIDC_SCOPES, `openid profile email`). */
  readonly scopes: string;
  /** The issuer is plain http on loopback (openid-client's allowInsecureRequests). */
  readonly insecureLoopback: boolean;
}

type Env = Readonly<Record<string, string | undefined>>;
type Fail = (message: string) => never;

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "[::1]", "localhost"]);
const CLAIM = /^[A-Za-z_][A-Za-z0-9_.:/-]{0,99}$/;

function readIssuer(raw: string, fail: Fail): { issuer: string; insecureLoopback: boolean } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fail("PATINA_OIDC_ISSUER must be a URL, got an unparseable value.");
  }
  if (url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname)) return { issuer: raw, insecureLoopback: true };
  if (url.protocol !== "https:") {
    return fail("PATINA_OIDC_ISSUER must start with https:// (http:// only for a provider on 127.0.0.1 or ::1).");
  }
  if (url.search !== "" || url.hash !== "") return fail("PATINA_OIDC_ISSUER must have no query or fragment.");
  return { issuer: raw, insecureLoopback: false };
}

function readClaim(env: Env, name: string, fallback: string | null, fail: Fail): string | null {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === "") return fallback;
  if (!CLAIM.test(raw)) return fail(`${name} must be a claim name (letters, digits, '_', '.', ':', '/', '-').`);
  return raw;
}

/** Reads PATINA_OIDC_*; null when single sign-on is not configured. `fail` throws the ConfigError. */
export function readOidcConfig(env: Env, publicUrl: string, fail: Fail): OidcConfig | null {
  const issuer = env.PATINA_OIDC_ISSUER?.trim() || undefined;
  const clientId = env.PATINA_OIDC_CLIENT_ID?.trim() || undefined;
  const clientSecret = env.PATINA_OIDC_CLIENT_SECRET || undefined;
  const given = [issuer, clientId, clientSecret].filter((value) => value !== undefined).length;
  if (given === 0) return null;
  if (issuer === undefined || clientId === undefined || clientSecret === undefined) {
    return fail(
      "PATINA_OIDC_ISSUER, PATINA_OIDC_CLIENT_ID and PATINA_OIDC_CLIENT_SECRET go together: set all three or none.",
    );
  }
  const groupRoles = parseGroupRoles(env.PATINA_OIDC_GROUP_ROLES);
  if (!groupRoles.ok) return fail(`PATINA_OIDC_GROUP_ROLES: ${groupRoles.message}.`);
  const groupsClaim = readClaim(env, "PATINA_OIDC_GROUPS_CLAIM", null, fail);
  if (groupRoles.entries.length > 0 && groupsClaim === null) {
    return fail("PATINA_OIDC_GROUP_ROLES needs PATINA_OIDC_GROUPS_CLAIM (the claim that lists the user's groups).");
  }
  const label = (env.PATINA_OIDC_LABEL ?? "").trim() || "single sign-on";
  if (label.length > 64 || /[\p{Cc}]/u.test(label))
    return fail("PATINA_OIDC_LABEL must be one line of at most 64 characters.");
  const scopes = (env.PATINA_OIDC_SCOPES ?? "").trim() || "openid profile email";
  if (!scopes.split(/\s+/).includes("openid") || !/^[\x21-\x7e ]+$/.test(scopes)) {
    return fail("PATINA_OIDC_SCOPES must be space-separated scopes including openid.");
  }
  return {
    ...readIssuer(issuer, fail),
    clientId,
    clientSecret,
    redirectUrl: `${publicUrl}${OIDC_CALLBACK_PATH}`,
    usernameClaim: readClaim(env, "PATINA_OIDC_USERNAME_CLAIM", "preferred_username", fail) ?? "preferred_username",
    groupsClaim,
    groupRoles: groupRoles.entries,
    label,
    scopes,
  };
}
