/** Where the built web UI is, and its page, read once at start. */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The built UI: its directory and index.html's text. */
export interface BuiltUi {
  readonly dir: string;
  readonly indexHtml: string;
}

/**
 * Vite writes the UI to dist/ui. This module runs as dist/web/*.js (built) or src/web/*.ts
 * (tests, tsx), so both relative places are tried.
 */
const CANDIDATES = ["../ui/", "../../dist/ui/"];

/** The built UI, or undefined when it has not been built. */
export function findBuiltUi(dir?: string): BuiltUi | undefined {
  const dirs = dir === undefined ? CANDIDATES.map((c) => fileURLToPath(new URL(c, import.meta.url))) : [dir];
  for (const candidate of dirs) {
    const index = `${candidate.replace(/\/?$/, "/")}index.html`;
    if (existsSync(index)) return { dir: candidate, indexHtml: readFileSync(index, "utf8") };
  }
  return undefined;
}
