/**
 * The words of every notice, in plain text and HTML. Pure: facts in, message out. Everything that
 * came from a user (token names, display names, organization names, reasons) is escaped in the
 * HTML and folded onto one line in the subject, so a name with markup or a line break can neither
 * inject HTML nor a header. No notice carries a token value: the facts hold the hint only.
 */
import type { NoticeKind } from "./notice.table.js";

/** What a notice says; read from the audit event and the token row, never a secret. */
export interface NoticeFacts {
  readonly tokenDisplayName: string;
  /** The token's non-secret hint (prefix and first characters). */
  readonly secretHint: string;
  readonly validTo: string;
  /** The target organization's name; null when the token is for all organizations. */
  readonly orgName: string | null;
  /** When it happened (event notices). */
  readonly eventTime?: string;
  /** Who did it (event notices), as the audit log names them. */
  readonly actorName?: string | null;
  /** Why it was revoked (revocation notices): the audit event's details.reason. */
  readonly reason?: string | null;
  /** Whether the token is revoked now (leak notices). */
  readonly revoked?: boolean;
  /** The expiry threshold crossed (expiry notices). */
  readonly thresholdDays?: number;
}

export interface ComposedNotice {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** The web UI page where the owner manages their tokens. */
export const TOKENS_PAGE_PATH = "/_usersSettings/tokens";

/** The link every notice gives: the owner's tokens page. */
export function tokensPageUrl(publicUrl: string): string {
  return `${publicUrl}${TOKENS_PAGE_PATH}`;
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Folds a value onto one line of at most `max` characters: control characters (CR, LF, …) become spaces. */
export function oneLine(value: string, max = 120): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  const folded = value.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, " ").trim();
  return folded.length > max ? `${folded.slice(0, max - 1)}…` : folded;
}

/** Why a token was revoked, in words, from an audit event's details.reason. */
export function revocationReasonWords(reason: string | null | undefined): string {
  switch (reason) {
    case "admin":
      return "An administrator revoked it.";
    case "adminRevokeAll":
      return "An administrator of your organization revoked all of your tokens there at once.";
    case "revocationRule":
      return "It matched a revocation rule set up by an administrator of your organization.";
    case "userRevokeAll":
      return "All tokens of your account were revoked at once.";
    case "leaked":
      return "It was reported as publicly exposed (leaked), so Patina revoked it before anyone could misuse it.";
    case "unused":
      return "It had not been used for a long time, and your organization's policy revokes unused tokens.";
    default:
      return "It was revoked by an administrator or by Patina's policies.";
  }
}

interface Draft {
  subject: string;
  /** The opening sentence(s). */
  lead: string[];
  /** What the owner may want to do. */
  advice: string;
}

function draftOf(kind: NoticeKind, facts: NoticeFacts): Draft {
  const name = oneLine(facts.tokenDisplayName, 80);
  switch (kind) {
    case "created":
      return {
        subject: `A personal access token was created: ${name}`,
        lead: ["A new personal access token was created for your account."],
        advice: "If you did not create it, revoke it now and change your password.",
      };
    case "regenerated":
      return {
        subject: `Your personal access token was regenerated: ${name}`,
        lead: ["Your personal access token was regenerated: it has a new value, and the old one stops working."],
        advice: "If you did not do this, revoke the token now and change your password.",
      };
    case "revoked":
      return {
        subject: `Your personal access token was revoked: ${name}`,
        lead: ["Your personal access token was revoked and no longer works.", revocationReasonWords(facts.reason)],
        advice: "If you still need access, create a new token.",
      };
    case "leaked":
      return {
        subject: `Your personal access token was reported as leaked: ${name}`,
        lead: [
          "Your personal access token was found in a public place and reported to Patina.",
          facts.revoked ? "Patina has revoked it: it no longer works." : "It has not been revoked and still works.",
        ],
        advice: facts.revoked
          ? "Create a new token if you still need access, and remove the leaked value from where it was found."
          : "Revoke or regenerate it now, and remove the leaked value from where it was found.",
      };
    case "expiry":
      return {
        subject: `Your personal access token expires within ${facts.thresholdDays ?? 0} days: ${name}`,
        lead: [`Your personal access token expires within ${facts.thresholdDays ?? 0} days.`],
        advice: "To keep using it, extend its expiration date (Edit) before then, or create a new token.",
      };
  }
}

/** The rows of the facts table: label and value, user-provided values raw (escaped by the caller). */
function factRows(facts: NoticeFacts): [string, string][] {
  const rows: [string, string][] = [
    ["Token", facts.tokenDisplayName],
    ["Starts with", facts.secretHint],
    ["Organization", facts.orgName ?? "All accessible organizations"],
    ["Expires", facts.validTo],
  ];
  if (facts.eventTime !== undefined) rows.push(["When", facts.eventTime]);
  if (facts.actorName) rows.push(["By", facts.actorName]);
  return rows;
}

/** Composes a notice for the owner named `recipientName`, with links under `publicUrl`. */
export function composeNotice(
  kind: NoticeKind,
  facts: NoticeFacts,
  context: { publicUrl: string; recipientName: string },
): ComposedNotice {
  const draft = draftOf(kind, facts);
  const link = tokensPageUrl(context.publicUrl);
  const rows = factRows(facts);
  const text = [
    `Hello ${oneLine(context.recipientName, 256)},`,
    "",
    ...draft.lead,
    "",
    ...rows.map(([label, value]) => `${label}: ${oneLine(value, 256)}`),
    "",
    draft.advice,
    `Your tokens: ${link}`,
    "",
    "— Patina",
    "",
  ].join("\n");
  const html = [
    "<!doctype html>",
    '<html><body style="font-family: sans-serif">',
    `<p>Hello ${escapeHtml(context.recipientName)},</p>`,
    ...draft.lead.map((line) => `<p>${escapeHtml(line)}</p>`),
    "<table>",
    ...rows.map(([label, value]) => `<tr><th align="left">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`),
    "</table>",
    `<p>${escapeHtml(draft.advice)}</p>`,
    `<p><a href="${escapeHtml(link)}">Open your personal access tokens</a></p>`,
    "<p>— Patina</p>",
    "</body></html>",
    "",
  ].join("\n");
  return { subject: oneLine(draft.subject, 200), text, html };
}
