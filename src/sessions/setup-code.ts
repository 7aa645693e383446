/**
 * The one-time first-run setup code. Model: whoever can read the server's console is the
 * operator; the code printed there (as a setup URL) proves it, so a stranger who reaches a fresh
 * instance first cannot make themselves its administrator. Threats and defences: guessing (about
 * 143 bits from the CSPRNG), timing (compared as SHA-256 digests in constant time), reuse (taken
 * at the first successful use), leaks (kept in this process's memory only, never in the
 * database or the structured log).
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { base62FromRandomBytes } from "../domain/base62.js";

/** Length of a setup code in base62 characters (24 × log2 62 ≈ 143 bits). */
const CODE_LENGTH = 24;

const digest = (text: string) => createHash("sha256").update(text).digest();

/** A new random base62 setup code. */
export function newSetupCode(): string {
  let code = "";
  while (code.length < CODE_LENGTH) code += base62FromRandomBytes(randomBytes(CODE_LENGTH));
  return code.slice(0, CODE_LENGTH);
}

/** Holds at most one pending code. */
export class SetupCode {
  #code: string | null = null;

  /** Issues a fresh code, replacing any pending one. */
  issue(): string {
    this.#code = newSetupCode();
    return this.#code;
  }

  /** The pending code, for the console line that shows it to the operator; null when none. */
  pending(): string | null {
    return this.#code;
  }

  /** True when `presented` is the pending code. */
  matches(presented: string): boolean {
    return this.#code !== null && timingSafeEqual(digest(presented), digest(this.#code));
  }

  /** Takes the pending code out (synchronously, so two requests cannot both use it); returns it for `restore`. */
  take(): string | null {
    const code = this.#code;
    this.#code = null;
    return code;
  }

  /** Puts back a code whose use failed before anything was created. */
  restore(code: string | null): void {
    this.#code ??= code;
  }
}
