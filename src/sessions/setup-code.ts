/**
 * The one-time first-run setup code. Model: whoever can read a server's console is the
 * operator; a code printed there (as a setup URL) proves it, so a stranger who reaches a fresh
 * deployment first cannot make themselves its administrator.
 *
 * Several instances: every instance that starts while setup is pending prints a code of its own
 * and stores the code's SHA-256 in the database; any instance accepts any stored code, so
 * whichever console the operator reads shows a working link. Setup completes exactly once:
 * spending a code is one insert of a single-row claim (setup-code.repository.ts), and the first
 * completed setup deletes every code.
 *
 * Restarts: a code lives as long as the instance that printed it. A graceful shutdown deletes its
 * hash, and the next start prints a new code. An instance that died without shutting down leaves
 * its code valid (its console still shows it) until setup is done.
 *
 * Threats and defences: guessing (about 143 bits from the CSPRNG); reuse (one claim ever, and no
 * code survives setup); leaks (the code is printed on the console only: never in the database,
 * which holds its hash, nor in the structured log). Codes are compared as hashes by the
 * database's equality, whose timing can reveal at most a prefix of a hash: no help in finding a
 * code.
 */
import { createHash, randomBytes } from "node:crypto";
import { base62FromRandomBytes } from "../domain/base62.js";

/** Length of a setup code in base62 characters (24 × log2 62 ≈ 143 bits). */
const CODE_LENGTH = 24;

/** A new random base62 setup code. */
export function newSetupCode(): string {
  let code = "";
  while (code.length < CODE_LENGTH) code += base62FromRandomBytes(randomBytes(CODE_LENGTH));
  return code.slice(0, CODE_LENGTH);
}

/** What the store keeps of a code (and looks a presented one up by). */
export function setupCodeHash(code: string): string {
  return createHash("sha256").update(code).digest("base64url");
}
