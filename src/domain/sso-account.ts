/**
 * Which Patina account an OpenID Connect sign-in is, pure. Order: the stored link (issuer +
 * `sub`, which the provider never reassigns) decides first; without one, the configured claim
 * (e.g. `preferred_username`) names the account to link on this first sign-in; without such an
 * account one is created just in time. Threat: a claim that someone can set on their own
 * identity would let them link themselves to another person's account, so an account already
 * linked to another identity of this provider is never linked again, and operators choose a
 * claim the provider controls (docs/sign-in.md).
 */
import { checkEmail, checkUserDisplayName, checkUsername } from "./names.js";

/** What the ID token (and user info) say about the person, as Patina reads it. */
export interface SsoIdentity {
  readonly subject: string;
  /** The configured claim's value when it is a valid Patina user name (lower case). */
  readonly username: string | undefined;
  readonly email: string | undefined;
  readonly displayName: string | undefined;
}

/** The claims of a sign-in as an identity; the username claim and `email` are validated here. */
export function identityOf(claims: Readonly<Record<string, unknown>>, usernameClaim: string): SsoIdentity {
  const text = (value: unknown) => (typeof value === "string" ? value : undefined);
  const rawName = text(claims[usernameClaim]);
  // `user@example.com` (Entra ID's UPN) names the user `user`: the part before the @.
  const local = rawName?.includes("@") ? rawName.slice(0, rawName.indexOf("@")) : rawName;
  const username = local === undefined ? undefined : checkUsername(local);
  const email = text(claims.email) === undefined ? undefined : checkEmail(text(claims.email) ?? "");
  const displayName = checkUserDisplayName(text(claims.name) ?? "");
  return {
    subject: text(claims.sub) ?? "",
    username: username?.ok ? username.value.toLowerCase() : undefined,
    email: email?.ok ? email.value : undefined,
    displayName: displayName.ok && displayName.value !== "" ? displayName.value : undefined,
  };
}

/** An account as the decision needs it. */
export interface AccountFacts {
  readonly id: string;
  readonly isDisabled: boolean;
  /** The account is linked to some identity of this issuer already (another `sub`). */
  readonly linkedToIssuer: boolean;
}

/** Why an identity gets no account; each has its own message on the sign-in page. */
export type SsoAccountRefusal = "userDisabled" | "noUsername" | "noEmail" | "identityConflict";

/** What to do with a sign-in's identity. */
export type SsoAccountDecision =
  | { ok: true; kind: "linked"; userId: string }
  | { ok: true; kind: "link"; userId: string }
  | { ok: true; kind: "create"; username: string; email: string; displayName: string }
  | { ok: false; reason: SsoAccountRefusal };

/**
 * Decides from the linked account (by issuer + `sub`) and the account the claim names.
 * A disabled account is refused whichever way it was found.
 */
export function decideAccount(
  identity: SsoIdentity,
  linked: AccountFacts | undefined,
  named: AccountFacts | undefined,
): SsoAccountDecision {
  if (linked !== undefined) {
    return linked.isDisabled ? { ok: false, reason: "userDisabled" } : { ok: true, kind: "linked", userId: linked.id };
  }
  if (identity.username === undefined) return { ok: false, reason: "noUsername" };
  if (named !== undefined) {
    if (named.linkedToIssuer) return { ok: false, reason: "identityConflict" };
    return named.isDisabled ? { ok: false, reason: "userDisabled" } : { ok: true, kind: "link", userId: named.id };
  }
  if (identity.email === undefined) return { ok: false, reason: "noEmail" };
  return {
    ok: true,
    kind: "create",
    username: identity.username,
    email: identity.email,
    displayName: identity.displayName ?? identity.username,
  };
}
