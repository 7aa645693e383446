/** PATINA_FORWARD_AUTH_RULES: read once at start; a bad file stops Patina with the entry named. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { runCli } from "../cli/run-cli.js";
import { TEST_RULES, writeRulesFile } from "./rules-file.js";

describe("forward-auth rules configuration", () => {
  const files: ReturnType<typeof writeRulesFile>[] = [];
  const write = (rules: unknown) => {
    const written = writeRulesFile(rules);
    files.push(written);
    return written.file;
  };
  afterAll(() => {
    for (const file of files) file.remove();
  });

  it("has no rules when unset", () => {
    expect(loadConfig({}).forwardAuthRules).toEqual([]);
  });

  it("loads the file, relative to the working directory", () => {
    const file = write(TEST_RULES);
    const config = loadConfig({ PATINA_FORWARD_AUTH_RULES: path.basename(file) }, path.dirname(file));
    expect(config.forwardAuthRules.map((rule) => rule.path)).toEqual(TEST_RULES.map((rule) => rule.path));
  });

  it.each([
    ["a missing file", () => path.join(os.tmpdir(), "patina-no-such-rules.json"), "cannot read"],
    ["a directory", () => os.tmpdir(), "cannot read"],
    ["bad JSON", () => write("[{ path: "), "is not valid JSON"],
    ["not an array", () => write({ path: "/x" }), "JSON array"],
    [
      "an unknown scope",
      () => write([TEST_RULES[0], { ...TEST_RULES[1], path: "/x/**", scope: "vso.nope" }]),
      'PATINA_FORWARD_AUTH_RULES: entry 2 ("/x/**"): unknown scope "vso.nope"',
    ],
  ])("stops on %s, naming the variable", (_name, file, message) => {
    expect(() => loadConfig({ PATINA_FORWARD_AUTH_RULES: file() })).toThrow(
      expect.objectContaining({ name: "ConfigError", message: expect.stringContaining(message) }),
    );
    expect(() => loadConfig({ PATINA_FORWARD_AUTH_RULES: file() })).toThrow("PATINA_FORWARD_AUTH_RULES: ");
  });

  it("keeps `patina serve` from starting on a bad file, with the entry named", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "patina-test-"));
    try {
      const file = write([TEST_RULES[0], { ...TEST_RULES[1], path: "/x/**", methods: ["GET", "FETCH"] }]);
      const result = await runCli(["serve"], {
        PATINA_DATA_DIR: dataDir,
        PATINA_PORT: "0",
        PATINA_FORWARD_AUTH_RULES: file,
      });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('patina: PATINA_FORWARD_AUTH_RULES: entry 2 ("/x/**"): unknown method "FETCH"');
      expect(result.stdout).not.toContain("listening");
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
