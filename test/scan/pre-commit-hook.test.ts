/**
 * The pre-commit hook of docs/administration.md, for real: the doc's hook text is
 * docs/examples/pre-commit-patina.sh (the test checks the doc carries it verbatim), installed as
 * the doc says in a new repository, run by real `git commit`. It scans the staged content, so
 * what is refused is what would be committed.
 */
import { spawn } from "node:child_process";
import { chmod, copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { expectNoTokenIn, mint, PATINA_BIN } from "./scan-cli.js";

const HOOK = fileURLToPath(new URL("../../docs/examples/pre-commit-patina.sh", import.meta.url));
const DOC = fileURLToPath(new URL("../../docs/administration.md", import.meta.url));

interface Run {
  readonly code: number | null;
  readonly output: string;
}

let repo: string;
let home: string;

function git(...args: string[]): Promise<Run> {
  return gitWith({}, ...args);
}

function gitWith(env: Record<string, string>, ...args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", args, {
      cwd: repo,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: home,
        GIT_CONFIG_NOSYSTEM: "1",
        GIT_AUTHOR_NAME: "Dev",
        GIT_AUTHOR_EMAIL: "dev@example.com",
        GIT_COMMITTER_NAME: "Dev",
        GIT_COMMITTER_EMAIL: "dev@example.com",
        // The hook's documented override: this checkout's built CLI.
        PATINA: `${process.execPath} ${PATINA_BIN}`,
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      output += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      output += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      expectNoTokenIn(output);
      resolve({ code, output });
    });
  });
}

async function commitCount(): Promise<number> {
  const log = await git("rev-list", "--count", "--all");
  return log.code === 0 ? Number(log.output.trim()) : 0;
}

beforeEach(async () => {
  repo = await mkdtemp(path.join(os.tmpdir(), "patina-hook-"));
  home = await mkdtemp(path.join(os.tmpdir(), "patina-hook-home-"));
  expect((await git("init", "-q", "-b", "main")).code).toBe(0);
  // Installed as docs/administration.md says: the file, as .git/hooks/pre-commit, executable.
  await copyFile(HOOK, path.join(repo, ".git/hooks/pre-commit"));
  await chmod(path.join(repo, ".git/hooks/pre-commit"), 0o755);
});

afterEach(async () => {
  await rm(repo, { recursive: true, force: true });
  await rm(home, { recursive: true, force: true });
});

describe("the documented pre-commit hook", () => {
  it("is the text docs/administration.md shows", async () => {
    const doc = await readFile(DOC, "utf8");
    expect(doc).toContain(`\`\`\`sh\n${await readFile(HOOK, "utf8")}\`\`\``);
  });

  it("refuses a commit that stages a token, and lets it through once the token is gone", async () => {
    const token = mint();
    await writeFile(path.join(repo, "README.md"), "# app\n");
    await writeFile(path.join(repo, "deploy config.env"), `URL=https://dev.azure.com\nPAT=${token}\n`);
    await git("add", "README.md", "deploy config.env");
    const refused = await git("commit", "-q", "-m", "add config");
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain(`deploy config.env:2:5: Patina token ${token.slice(0, 11)}…`);
    expect(refused.output).toContain("pre-commit: commit refused: remove the tokens above");
    expect(await commitCount()).toBe(0);

    await writeFile(path.join(repo, "deploy config.env"), "URL=https://dev.azure.com\nPAT=$(PATINA_PAT)\n");
    await git("add", "deploy config.env");
    const accepted = await git("commit", "-q", "-m", "add config");
    expect(accepted.code).toBe(0);
    expect(accepted.output).toContain("patina: no tokens found (2 files scanned).");
    expect(await commitCount()).toBe(1);
  });

  it("scans what is staged, not the working tree", async () => {
    const token = mint();
    await writeFile(path.join(repo, "a.txt"), "first\n");
    await git("add", "a.txt");
    expect((await git("commit", "-q", "-m", "first")).code).toBe(0);

    // Staged with a token, then removed from the file alone: the commit would still carry it.
    await writeFile(path.join(repo, "a.txt"), `first\n${token}\n`);
    await git("add", "a.txt");
    await writeFile(path.join(repo, "a.txt"), "first\nclean\n");
    const refused = await git("commit", "-q", "-m", "second");
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain(`a.txt:2:1: Patina token ${token.slice(0, 11)}…`);

    // The opposite: a clean file staged, the token only in an unstaged edit.
    await git("add", "a.txt");
    await writeFile(path.join(repo, "a.txt"), `first\nclean\n${token}\n`);
    const accepted = await git("commit", "-q", "-m", "second");
    expect(accepted.code).toBe(0);
    expect(await commitCount()).toBe(2);
  });

  it("reads the temporary index of git commit -a", async () => {
    const token = mint();
    await writeFile(path.join(repo, "a.txt"), "first\n");
    await git("add", "a.txt");
    expect((await git("commit", "-q", "-m", "first")).code).toBe(0);
    await writeFile(path.join(repo, "a.txt"), `first\n${token}\n`);
    const refused = await git("commit", "-q", "-a", "-m", "second");
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain(`a.txt:2:1: Patina token ${token.slice(0, 11)}…`);
    expect(await commitCount()).toBe(1);
  });

  it("fails closed: when the scanner cannot run, the commit is refused", async () => {
    await writeFile(path.join(repo, "a.txt"), "clean\n");
    await git("add", "a.txt");
    const refused = await gitWith({ PATINA: "/nonexistent/patina" }, "commit", "-q", "-m", "first");
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain("pre-commit: commit refused: the token scan failed (exit 127).");
    expect(await commitCount()).toBe(0);
  });

  it("lets a deletion through: a removed file is not scanned", async () => {
    const token = mint();
    await writeFile(path.join(repo, "old.txt"), "x\n");
    await git("add", "old.txt");
    expect((await git("commit", "-q", "-m", "first")).code).toBe(0);
    await git("rm", "-q", "--cached", "old.txt");
    // The working-tree file gets a token after the deletion was staged; it is not committed.
    await writeFile(path.join(repo, "old.txt"), token);
    expect((await git("commit", "-q", "-m", "remove")).code).toBe(0);
  });
});
