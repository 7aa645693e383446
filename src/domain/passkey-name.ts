/** The rule for a passkey's name, the one people tell their passkeys apart by ("Work laptop"). */

/** Longest name kept. */
export const MAX_PASSKEY_NAME_LENGTH = 64;

/** A name trimmed and checked, or why it is refused. */
export type PasskeyNameCheck = { ok: true; name: string } | { ok: false; message: string };

/** Checks a typed name: 1–64 characters after trimming, on one line. */
export function checkPasskeyName(typed: string): PasskeyNameCheck {
  const name = typed.trim();
  if (name === "") return { ok: false, message: "Give the passkey a name." };
  if (name.length > MAX_PASSKEY_NAME_LENGTH) {
    return { ok: false, message: `A passkey name has at most ${MAX_PASSKEY_NAME_LENGTH} characters.` };
  }
  if (/\p{Cc}/u.test(name)) return { ok: false, message: "A passkey name is one line of text." };
  return { ok: true, name };
}
