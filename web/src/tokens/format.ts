/** How dates, statuses and targets read in the tokens page. Times are shown in UTC, as labelled. */
import type { SessionOrganization } from "../api/session.ts";
import type { PatToken, TokenStatus } from "../api/tokens.ts";

const DATE = new Intl.DateTimeFormat("en-US", { timeZone: "UTC", year: "numeric", month: "short", day: "numeric" });
const DATE_TIME = new Intl.DateTimeFormat("en-US", {
  timeZone: "UTC",
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/** E.g. "Jun 1, 2026". */
export function formatDate(iso: string): string {
  return DATE.format(new Date(iso));
}

/** E.g. "Jun 1, 2026, 14:03". */
export function formatDateTime(iso: string): string {
  return DATE_TIME.format(new Date(iso));
}

export const STATUS_LABELS: Readonly<Record<TokenStatus, string>> = {
  active: "Active",
  expired: "Expired",
  revoked: "Revoked",
};

/** The label for "every organization the owner belongs to". */
export const ALL_ORGANIZATIONS_LABEL = "All accessible organizations";

/** The organization column's text for a token. */
export function targetName(token: PatToken, organizations: readonly SessionOrganization[]): string {
  if (token.targetAccounts === null) return ALL_ORGANIZATIONS_LABEL;
  return token.targetAccounts
    .map((id) => organizations.find((org) => org.id === id)?.name ?? "An organization you left")
    .join(", ");
}

/** "yyyy-mm-dd" of a date in UTC, as date inputs take it. */
export function utcDateInputValue(date: Date): string {
  return date.toISOString().slice(0, 10);
}
