/*
 * Text that Patina refuses, and the little it repeats back. Pure.
 *
 * Threats: (1) a NUL character or an unpaired UTF-16 surrogate cannot be stored at all —
 * PostgreSQL rejects the statement ("invalid byte sequence for encoding UTF8"), so one such
 * character anywhere in a request would be a 500 there (and SQLite would store what no UTF-8
 * reader can show); every request string is checked for these before any database access.
 * (2) In a name, control characters, bidirectional overrides and isolates and zero-width
 * characters let two names look alike, or a name look like something else, in a list, an
 * audit log or a terminal ("Trojan Source"); names refuse them. (3) Error messages that repeat
 * what was sent hand back a token pasted into the wrong field; they repeat only short values
 * from a plain alphabet (see `echoed`).
 *
 * Tab and newline are refused in every name (a name is one line) but allowed in passwords,
 * which may hold any text but NUL and unpaired surrogates: they are never shown, only hashed.
 */

/** NUL, or a UTF-16 surrogate that is not part of a pair. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is what this finds.
const UNSTORABLE = /\u0000|\p{Surrogate}/u;

/**
 * What no name may contain: C0 controls (tab and newline included), DEL, C1 controls,
 * unpaired surrogates, the Arabic letter mark and the left-to-right/right-to-left marks,
 * line and paragraph separators, the bidirectional embeddings, overrides and isolates
 * (U+202A–U+202E, U+2066–U+2069), and the zero-width characters (U+200B–U+200D, U+2060–U+2064,
 * U+FEFF).
 */
const INVISIBLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this finds.
  /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]|\p{Surrogate}/u;

/** True when a string holds text no database can store: NUL or an unpaired surrogate. */
export function hasUnstorableText(value: string): boolean {
  return UNSTORABLE.test(value);
}

/** True when a string holds a character no name may contain (controls, bidi, zero-width, unpaired surrogates). */
export function hasInvisibleText(value: string): boolean {
  return INVISIBLE.test(value);
}

/**
 * The longest value an error message repeats. A Patina token is 56 characters or more; 20 is
 * far below that, so no token comes back whole, and only values from ECHO_SAFE (letters, digits,
 * `.`, `_`, `-`) are repeated at all, so nothing sent can change how a message reads. A GUID
 * (36 characters of hex digits and hyphens) is repeated too: ids are GUIDs, and no token is one.
 */
export const MAX_ECHO_LENGTH = 20;
const ECHO_SAFE = /^[A-Za-z0-9._-]{1,20}$/;
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** True when an error message may repeat the value: short and plain, or a GUID. */
export function isEchoable(value: string): boolean {
  return ECHO_SAFE.test(value) || GUID.test(value);
}

/**
 * A value quoted for an error message when it is short and plain (`'web'`), else the
 * description given (`"the requested project"`): messages say what was wrong, not what was sent.
 */
export function echoed(value: string, otherwise: string): string {
  return isEchoable(value) ? `'${value}'` : otherwise;
}
