/** Writes a forward-auth rules file for a test, the way an operator would. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** The rules the route and nginx tests run against. */
export const TEST_RULES = [
  {
    path: "/packages/*/upload",
    methods: ["PUT", "POST"],
    scope: "vso.packaging_write",
    org: "acme",
    minRole: "contributor",
  },
  { path: "/packages/**", methods: ["GET", "HEAD"], scope: "vso.packaging", org: "acme" },
  { path: "/admin/**", methods: ["GET", "HEAD", "POST"], scope: "vso.packaging_manage", org: "acme", minRole: "admin" },
  { path: "/beta/**", methods: ["GET"], scope: "vso.code", org: "beta" },
  { path: "/**", methods: ["GET"], scope: "vso.profile", org: "acme" },
];

/** Writes `rules` (any JSON, or raw text) to a fresh temporary file; returns its path and a cleanup. */
export function writeRulesFile(rules: unknown): { file: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "patina-rules-"));
  const file = path.join(dir, "forward-auth.json");
  fs.writeFileSync(file, typeof rules === "string" ? rules : JSON.stringify(rules, null, 2));
  return { file, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
