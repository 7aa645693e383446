/**
 * The server secret (pepper) keys the token hashes. It lives outside the database, so a stolen
 * database dump alone cannot be used to test guessed tokens. Taken from configuration, or
 * generated once into the data directory with owner-only permissions.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const SECRET_FILE = "secret";

/** Returns the configured secret, or reads (creating on first start) `<dataDir>/secret`. */
export function loadServerSecret(configured: string | undefined, dataDir: string): Buffer {
  if (configured !== undefined) return Buffer.from(configured, "utf8");
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, SECRET_FILE);
  try {
    fs.writeFileSync(file, randomBytes(32).toString("base64url"), { flag: "wx", mode: 0o600 });
  } catch (error) {
    // Another process (the CLI, a second start) created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  return Buffer.from(fs.readFileSync(file, "utf8").trim(), "utf8");
}
