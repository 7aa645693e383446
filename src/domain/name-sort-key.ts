/**
 * The order a person expects of token names: case does not count (`alpha` next to `Alpha`) and
 * numbers count as numbers (`ci-token-2` before `ci-token-10`). Databases compare text byte by
 * byte (SQLite) or by a locale that varies between installations (PostgreSQL), and neither reads
 * numbers; so the key is computed here, stored next to the name, and compared bytewise. Pure.
 */

/** Digit runs are written as their length (two digits) and then the digits: longer is larger. */
const DIGIT_RUN = /\d+/g;

/** Longest digit run the length prefix can state; longer runs (absurd in a name) keep their first 99 digits. */
const MAX_RUN = 99;

/**
 * The stored sort key of a display name: lower case (after NFKC, so full-width letters and
 * ligatures sort with their plain forms), every run of digits without its leading zeros and
 * prefixed by its length. Leading zeros are dropped so `build-007` sorts with `build-7`; the
 * name itself breaks such ties (the list orders by key, then name).
 */
export function nameSortKey(displayName: string): string {
  const folded = displayName.normalize("NFKC").toLowerCase();
  return folded.replace(DIGIT_RUN, (run) => {
    const digits = (run.replace(/^0+/, "") || "0").slice(0, MAX_RUN);
    return `${String(digits.length).padStart(2, "0")}${digits}`;
  });
}
