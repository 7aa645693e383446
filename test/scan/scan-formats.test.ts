/**
 * `patina scan --format json|sarif`: the documents a tool reads. SARIF is checked against the
 * SARIF 2.1.0 schema's rules for what it contains (tests/scan/sarif-schema.ts) and for what
 * GitHub code scanning needs: a rule with a security severity, and results whose locations are
 * relative to the scan root (%SRCROOT%) with a line and column. Neither format carries a value.
 */
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import { afterEach, describe, expect, it } from "vitest";
import { SARIF_SCHEMA } from "./sarif-schema.js";
import { makeTree, mint, runScan } from "./scan-cli.js";

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

const drops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const drop of drops.splice(0)) await drop();
});

async function tree(files: Record<string, string>) {
  const made = await makeTree(files);
  drops.push(made.drop);
  return made.dir;
}

function validateSarif(document: unknown) {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(SARIF_SCHEMA);
  expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
}

interface SarifLog {
  $schema: string;
  version: string;
  runs: Array<{
    tool: { driver: { name: string; rules: Array<{ id: string; properties: Record<string, unknown> }> } };
    columnKind: string;
    originalUriBaseIds: Record<string, { uri: string }>;
    results: Array<{
      ruleId: string;
      level: string;
      message: { text: string };
      locations: Array<{
        physicalLocation: {
          artifactLocation: { uri?: string; uriBaseId?: string };
          region: { startLine: number; startColumn: number; endColumn: number };
        };
      }>;
    }>;
  }>;
}

describe("patina scan --format", () => {
  it("json: every finding with path, line, column, prefix and hint, and what was scanned", async () => {
    const [a, b] = [mint(), mint("acme_")];
    const dir = await tree({ "src/a.ts": `const t = "${a}";\n`, "b.txt": `\n\n   ${b}`, "c.txt": "clean" });
    const run = await runScan(["scan", ".", "--format", "json", "--prefix", "acme_"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({
      findings: [
        { path: "b.txt", line: 3, column: 4, prefix: "acme_", tokenHint: `${b.slice(0, 9)}…` },
        { path: "src/a.ts", line: 1, column: 12, prefix: "patina_", tokenHint: `${a.slice(0, 11)}…` },
      ],
      filesScanned: 3,
      binaryFilesSkipped: 0,
      unreadable: [],
    });
    const clean = await runScan(["scan", "c.txt", "--format", "json"], { cwd: dir });
    expect(clean.code).toBe(0);
    expect(JSON.parse(clean.stdout)).toMatchObject({ findings: [], filesScanned: 1 });
  });

  it("sarif: a valid SARIF 2.1.0 log with one rule and a result per token, URIs relative to the scan root", async () => {
    const [a, b, c] = [mint(), mint(), mint()];
    const dir = await tree({
      "repo/src/app config.ts": `// ü\nexport const token = "${a}"; const other = "${b}";\n`,
      "repo/.github/ci.yml": `env:\r\n  PAT: ${c}\r\n`,
    });
    // Run where CI runs it: at the repository's root, naming a subdirectory.
    const run = await runScan(["scan", "src", ".github", "--format", "sarif"], { cwd: `${dir}/repo` });
    expect(run.code).toBe(1);
    const log = JSON.parse(run.stdout) as SarifLog;
    validateSarif(log);
    expect(log.version).toBe("2.1.0");
    const [only] = log.runs;
    expect(log.runs).toHaveLength(1);
    expect(only?.tool.driver.name).toBe("patina");
    expect(only?.tool.driver.rules.map((rule) => rule.id)).toEqual(["patina/personal-access-token"]);
    expect(only?.tool.driver.rules[0]?.properties).toMatchObject({
      "security-severity": "9.0",
      tags: ["security", "secret"],
    });
    expect(only?.columnKind).toBe("unicodeCodePoints");
    expect(only?.originalUriBaseIds["%SRCROOT%"]?.uri).toMatch(/^file:\/\/\/.*\/repo\/$/);
    const located = only?.results.map((r) => {
      const { artifactLocation, region } = r.locations[0]?.physicalLocation ?? {};
      return [r.ruleId, r.level, artifactLocation?.uri, artifactLocation?.uriBaseId, region];
    });
    expect(located).toEqual([
      [
        "patina/personal-access-token",
        "error",
        "src/app%20config.ts",
        "%SRCROOT%",
        { startLine: 2, startColumn: 23, endColumn: 79 },
      ],
      [
        "patina/personal-access-token",
        "error",
        "src/app%20config.ts",
        "%SRCROOT%",
        { startLine: 2, startColumn: 97, endColumn: 153 },
      ],
      [
        "patina/personal-access-token",
        "error",
        ".github/ci.yml",
        "%SRCROOT%",
        { startLine: 2, startColumn: 8, endColumn: 64 },
      ],
    ]);
    expect(only?.results[0]?.message.text).toContain(`${a.slice(0, 11)}…`);
  });

  it("the schema check itself refuses what the SARIF schema refuses", () => {
    const ajv = new Ajv({ strict: false });
    addFormats(ajv);
    const validate = ajv.compile(SARIF_SCHEMA);
    const tool = { driver: { name: "patina" } };
    expect(validate({ version: "2.1.0", runs: [{ tool, results: [] }] })).toBe(true);
    expect(validate({ runs: [{ tool }] })).toBe(false);
    expect(validate({ version: "2.1.0", runs: [{ tool: { driver: {} } }] })).toBe(false);
    expect(validate({ version: "2.1.0", runs: [{ tool, results: [{ ruleId: "x" }] }] })).toBe(false);
    const region = { startLine: 0 };
    const locations = [{ physicalLocation: { artifactLocation: { uri: "a" }, region } }];
    expect(validate({ version: "2.1.0", runs: [{ tool, results: [{ message: { text: "m" }, locations }] }] })).toBe(
      false,
    );
    expect(validate({ version: "2.1.0", runs: [{ tool, columnKind: "bytes" }] })).toBe(false);
  });

  it("sarif: no findings is a valid log with no results; a file outside the root has an absolute file URI", async () => {
    const token = mint();
    const dir = await tree({ "repo/clean.txt": "nothing", "elsewhere/x.txt": token });
    const clean = await runScan(["scan", ".", "--format", "sarif"], { cwd: `${dir}/repo` });
    expect(clean.code).toBe(0);
    const empty = JSON.parse(clean.stdout) as SarifLog;
    validateSarif(empty);
    expect(empty.runs[0]?.results).toEqual([]);
    const outside = await runScan(["scan", "../elsewhere", "--format", "sarif"], { cwd: `${dir}/repo` });
    const log = JSON.parse(outside.stdout) as SarifLog;
    validateSarif(log);
    const artifact = log.runs[0]?.results[0]?.locations[0]?.physicalLocation.artifactLocation;
    expect(artifact).toEqual({ uri: `file://${dir}/elsewhere/x.txt` });
  });

  it("sarif: standard input is a result without a file", async () => {
    const token = mint();
    const dir = await tree({});
    const run = await runScan(["scan", "--stdin", "--format", "sarif"], { cwd: dir, input: `x ${token}` });
    const log = JSON.parse(run.stdout) as SarifLog;
    validateSarif(log);
    expect(log.runs[0]?.results[0]?.locations[0]?.physicalLocation).toEqual({
      artifactLocation: { description: { text: "standard input" } },
      region: { startLine: 1, startColumn: 3, endColumn: 59 },
    });
  });
});
