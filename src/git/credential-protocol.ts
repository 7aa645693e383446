/**
 * Git's credential helper protocol (gitcredentials(7), git-credential(1)): `key=value` lines,
 * ended by a blank line or the end of input. Values may not contain newlines or NUL. Pure.
 */

/** The attributes git sends and expects; unknown keys (wwwauth[], capability[]…) are ignored. */
export interface CredentialAttributes {
  protocol?: string;
  host?: string;
  path?: string;
  username?: string;
  password?: string;
}

const KNOWN = new Set(["protocol", "host", "path", "username", "password"]);

/** Parses a helper's input. A line without `=` or with a NUL is ignored, as git itself would reject it. */
export function parseCredentialInput(text: string): CredentialAttributes {
  const attributes: CredentialAttributes = {};
  for (const rawLine of text.split("\n")) {
    const line = rawLine.endsWith("\r") ? rawLine.slice(0, -1) : rawLine;
    if (line === "") break;
    const equals = line.indexOf("=");
    if (equals <= 0 || line.includes("\0")) continue;
    const key = line.slice(0, equals);
    if (KNOWN.has(key)) attributes[key as keyof CredentialAttributes] = line.slice(equals + 1);
  }
  return attributes;
}

/** Formats attributes for git: one `key=value` line each, in a stable order. */
export function formatCredentialOutput(attributes: CredentialAttributes): string {
  let text = "";
  for (const key of ["protocol", "host", "path", "username", "password"] as const) {
    const value = attributes[key];
    if (value !== undefined && !/[\n\0]/.test(value)) text += `${key}=${value}\n`;
  }
  return text;
}
