/**
 * `patina scan --format sarif`: SARIF 2.1.0 (OASIS), the format GitHub code scanning and other
 * tools import. One run, tool "patina", one rule; each result names the file by a URI relative to
 * the scan root (`%SRCROOT%`, the current directory, where CI checks the repository out) and the
 * token's first character by line and column. Columns count Unicode code points
 * (`columnKind: unicodeCodePoints`), as the text output does. The message carries the hint,
 * never the value.
 */
import { pathToFileURL } from "node:url";
import { TOKEN_BODY_LENGTH, TOKEN_CHECKSUM_LENGTH } from "../domain/token-format.js";
import type { ScanFinding } from "./scan-output.js";

/** The rule every result refers to. */
export const SARIF_RULE_ID = "patina/personal-access-token";
const SRCROOT = "%SRCROOT%";

const RULE = {
  id: SARIF_RULE_ID,
  name: "PatinaPersonalAccessToken",
  shortDescription: { text: "Patina personal access token" },
  fullDescription: {
    text: "A Patina personal access token, recognized by its prefix and checksum, is in this file. Whoever reads the file can act as its owner until it expires.",
  },
  help: {
    text: "Revoke the token (patina token revoke, the web UI, or report it with patina scan --report), then remove it from the file and its history. Keep tokens in a secret store or an environment variable.",
    markdown:
      "Revoke the token (`patina token revoke`, the web UI, or report it with `patina scan --report`), then remove it from the file and from its history. Keep tokens in a secret store or an environment variable.",
  },
  defaultConfiguration: { level: "error" },
  properties: { tags: ["security", "secret"], precision: "very-high", "security-severity": "9.0" },
};

/** Builds the SARIF log for these findings; `root` is the absolute scan root (relative URIs start there). */
export function formatSarif(findings: readonly ScanFinding[], root: string): string {
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "patina", rules: [RULE] } },
        columnKind: "unicodeCodePoints",
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(root.endsWith("/") ? root : `${root}/`).href } },
        results: findings.map((finding) => ({
          ruleId: SARIF_RULE_ID,
          ruleIndex: 0,
          level: "error",
          message: { text: `Patina personal access token ${finding.tokenHint} (revoke it, then remove it).` },
          locations: [
            {
              physicalLocation: {
                artifactLocation: artifactLocation(finding.path),
                region: {
                  startLine: finding.line,
                  startColumn: finding.column,
                  endColumn: finding.column + finding.prefix.length + TOKEN_BODY_LENGTH + TOKEN_CHECKSUM_LENGTH,
                },
              },
            },
          ],
        })),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function artifactLocation(filePath: string | null) {
  if (filePath === null) return { description: { text: "standard input" } };
  if (filePath.startsWith("/")) return { uri: pathToFileURL(filePath).href };
  return { uri: filePath.split("/").map(encodeURIComponent).join("/"), uriBaseId: SRCROOT };
}
