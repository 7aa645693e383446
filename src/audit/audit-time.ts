/**
 * The time parameters of the audit API (`startTime`, `endTime`): ISO 8601 dates or date-times,
 * UTC unless they carry an offset, normalized to the stored form (`toISOString()`), which sorts
 * as text in both databases.
 */

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;
const HAS_OFFSET = /(?:Z|[+-]\d{2}:?\d{2})$/i;

/** The normalized timestamp, or undefined when the text is not an ISO 8601 date(-time) of years 1970–9999. */
export function parseAuditTime(text: string): string | undefined {
  if (!ISO_DATE_TIME.test(text)) return undefined;
  const dateOnly = text.length === 10;
  const utc = dateOnly || HAS_OFFSET.test(text) ? text : `${text}Z`;
  // Seven fractional digits (.NET's form) are more than Date reads: keep milliseconds.
  const trimmed = utc.replace(/(\.\d{3})\d+/, "$1").replace(" ", "T");
  const time = Date.parse(trimmed);
  if (Number.isNaN(time) || time < 0 || time > Date.parse("9999-12-31T23:59:59.999Z")) return undefined;
  // Date.parse rolls 2026-02-31 over into March; a date that does not exist is refused.
  const month = Number(text.slice(5, 7));
  const day = Number(text.slice(8, 10));
  const calendar = new Date(Date.UTC(Number(text.slice(0, 4)), month - 1, day));
  if (calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) return undefined;
  return new Date(time).toISOString();
}
