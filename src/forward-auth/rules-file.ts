/**
 * Reads the forward-auth rules file named by PATINA_FORWARD_AUTH_RULES, once, at start. The
 * configuration turns a failure into the error that stops the process.
 */
import fs from "node:fs";
import path from "node:path";
import { type ForwardAuthRule, parseForwardAuthRules, type RulesParse } from "./rules.js";

/** Reads and validates the rules file; no file configured means no rules (every request denied). */
export function loadForwardAuthRules(file: string | undefined, cwd: string): RulesParse {
  if (file === undefined || file === "") return { ok: true, rules: Object.freeze([] as ForwardAuthRule[]) };
  const absolute = path.resolve(cwd, file);
  let text: string;
  try {
    text = fs.readFileSync(absolute, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unreadable";
    return { ok: false, message: `cannot read ${absolute} (${code})` };
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `${absolute} is not valid JSON: ${(error as Error).message}` };
  }
  return parseForwardAuthRules(document);
}
