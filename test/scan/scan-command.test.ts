/**
 * `patina scan` as a real process: what it prints for files and directories (path:line:column
 * and the hint, never the value), what it skips, its exit codes, prefixes, standard input, large
 * files, and that it needs no server configuration.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, readdir, symlink } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { expectNoTokenIn, makeTree, mint, PATINA_BIN, runScan } from "./scan-cli.js";

const drops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const drop of drops.splice(0)) await drop();
});

async function tree(files: Record<string, string | Buffer>) {
  const made = await makeTree(files);
  drops.push(made.drop);
  return made.dir;
}

const hint = (token: string, prefix = "patina_") => `${token.slice(0, prefix.length + 4)}…`;

describe("patina scan", () => {
  it("walks nested directories and prints path:line:column and the hint of each token, exit 1", async () => {
    const [a, b, c, d] = [mint(), mint(), mint(), mint()];
    const dir = await tree({
      "README.md": "nothing here\n",
      "src/config/app.env": `# é🔑\r\nTOKEN=${a}\r\nOTHER=${b} ${c}\r\n`,
      "src/deep/er/still/notes.txt": `x\ny\n  ${d}`,
    });
    const run = await runScan(["scan", "."], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      [
        `src/config/app.env:2:7: Patina token ${hint(a)}`,
        `src/config/app.env:3:7: Patina token ${hint(b)}`,
        `src/config/app.env:3:64: Patina token ${hint(c)}`,
        `src/deep/er/still/notes.txt:3:3: Patina token ${hint(d)}`,
        "",
      ].join("\n"),
    );
    expect(run.stderr).toBe("patina: found 4 tokens in 2 files (3 files scanned).\n");
  });

  it("counts columns in characters: multibyte text before a token moves it one column per character", async () => {
    const token = mint();
    const dir = await tree({ "a.txt": `日本語 – ü ${token}\n` });
    const run = await runScan(["scan", "a.txt"], { cwd: dir });
    expect(run.stdout).toBe(`a.txt:1:9: Patina token ${hint(token)}\n`);
  });

  it("exits 0 with a summary when there is no token; a bad checksum or a placeholder is not one", async () => {
    const token = mint();
    const broken = token.slice(0, -1) + (token.at(-1) === "A" ? "B" : "A");
    const dir = await tree({ "a.txt": `${broken}\npatina_xxx\npatina_${"A".repeat(49)}\n` });
    const run = await runScan(["scan", "."], { cwd: dir });
    expect(run).toMatchObject({ code: 0, stdout: "", stderr: "patina: no tokens found (1 file scanned).\n" });
  });

  it("skips binary files, .git and node_modules, and symbolic links found while walking", async () => {
    const [inBinary, inGit, inModules, target, named] = [mint(), mint(), mint(), mint(), mint()];
    const dir = await tree({
      "image.png": Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]), Buffer.from(inBinary)]),
      ".git/config": `url = https://:${inGit}@example.com\n`,
      "node_modules/pkg/index.js": `"${inModules}"\n`,
      "outside/secret.txt": `${target}\n`,
      "tree/named.txt": `${named}\n`,
    });
    await symlink(path.join(dir, "outside/secret.txt"), path.join(dir, "tree/link.txt"));
    await symlink(path.join(dir, "outside"), path.join(dir, "tree/linked-dir"));
    await symlink(path.join(dir, "tree"), path.join(dir, "tree/loop"));
    const walked = await runScan(["scan", "tree"], { cwd: dir });
    expect(walked.stdout).toBe(`tree/named.txt:1:1: Patina token ${hint(named)}\n`);
    const all = await runScan(["scan", "."], { cwd: dir });
    expect(all.stdout).toBe(
      [
        `outside/secret.txt:1:1: Patina token ${hint(target)}`,
        `tree/named.txt:1:1: Patina token ${hint(named)}`,
        "",
      ].join("\n"),
    );
    expect(all.stderr).toBe("patina: found 2 tokens in 2 files (2 files scanned, 1 binary file skipped).\n");
    // A path named on the command line is scanned, even a link or a skipped directory.
    const link = await runScan(["scan", "tree/link.txt", "node_modules"], { cwd: dir });
    expect(link.stdout).toBe(
      [
        `tree/link.txt:1:1: Patina token ${hint(target)}`,
        `node_modules/pkg/index.js:1:2: Patina token ${hint(inModules)}`,
        "",
      ].join("\n"),
    );
  });

  it("reads standard input with --stdin, alone or with paths", async () => {
    const [piped, inFile] = [mint(), mint()];
    const dir = await tree({ "a.txt": inFile });
    const alone = await runScan(["scan", "--stdin"], {
      cwd: dir,
      input: `log line\r\nAuthorization: Basic ${piped}\r\n`,
    });
    expect(alone).toMatchObject({ code: 1, stdout: `(standard input):2:22: Patina token ${hint(piped)}\n` });
    const both = await runScan(["scan", "a.txt", "--stdin"], { cwd: dir, input: piped });
    expect(both.stdout).toBe(
      `a.txt:1:1: Patina token ${hint(inFile)}\n(standard input):1:1: Patina token ${hint(piped)}\n`,
    );
    const binary = await runScan(["scan", "--stdin"], { cwd: dir, input: Buffer.from([1, 0, 2]) });
    expect(binary).toMatchObject({
      code: 0,
      stderr: "patina: no tokens found (0 files scanned, 1 binary file skipped).\n",
    });
  });

  it("looks for PATINA_TOKEN_PREFIX and every --prefix as well as patina_", async () => {
    const [ours, configured, other] = [mint(), mint("acme_"), mint("globex_pat_")];
    const dir = await tree({ "a.txt": `${ours}\n${configured}\n${other}\n` });
    const plain = await runScan(["scan", "a.txt"], { cwd: dir });
    expect(plain.stdout).toBe(`a.txt:1:1: Patina token ${hint(ours)}\n`);
    const run = await runScan(["scan", "a.txt", "--prefix", "globex_pat_", "--prefix", "patina_"], {
      cwd: dir,
      env: { PATINA_TOKEN_PREFIX: "acme_" },
    });
    expect(run.stdout).toBe(
      [
        `a.txt:1:1: Patina token ${hint(ours)}`,
        `a.txt:2:1: Patina token ${hint(configured, "acme_")}`,
        `a.txt:3:1: Patina token ${hint(other, "globex_pat_")}`,
        "",
      ].join("\n"),
    );
  });

  it("answers usage errors with exit 2 and one line naming what is wrong, before scanning anything", async () => {
    const token = mint();
    const dir = await tree({ "a.txt": token });
    const missing = await runScan(["scan", "a.txt", "nope.txt", "gone/"], { cwd: dir });
    expect(missing).toMatchObject({
      code: 2,
      stdout: "",
      stderr: "patina: cannot scan nope.txt (no such file or directory), gone/ (no such file or directory).\n",
    });
    const none = await runScan(["scan"], { cwd: dir });
    expect(none).toMatchObject({ code: 2, stderr: "patina: give a PATH to scan, or --stdin.\n" });
    const format = await runScan(["scan", "a.txt", "--format", "xml"], { cwd: dir });
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/^patina: option '--format <format>' argument 'xml' is invalid/);
    const prefix = await runScan(["scan", "a.txt", "--prefix", "Bad-Prefix"], { cwd: dir });
    expect(prefix.code).toBe(2);
    expect(prefix.stderr).toMatch(/a prefix is 1–40 characters of a-z, 0-9 and _/);
    const configured = await runScan(["scan", "a.txt"], { cwd: dir, env: { PATINA_TOKEN_PREFIX: "X" } });
    expect(configured).toMatchObject({ code: 2, stdout: "" });
    expect(configured.stderr).toMatch(/^patina: PATINA_TOKEN_PREFIX must be/);
  });

  it("exits 2 when a file cannot be read, after scanning the rest", async () => {
    const token = mint();
    const dir = await tree({ "a.txt": token, "locked.txt": "x" });
    await chmod(path.join(dir, "locked.txt"), 0o000);
    // Root reads any file: as root (CI), scan as nobody, who may enter the tree but not read locked.txt.
    const asRoot = process.getuid?.() === 0;
    if (asRoot) await chmod(dir, 0o755);
    const asUser = asRoot ? { uid: 65534, gid: 65534 } : undefined;
    const run = await runScan(["scan", "."], { cwd: dir, asUser });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe(`a.txt:1:1: Patina token ${hint(token)}\n`);
    expect(run.stderr).toContain("patina: cannot read locked.txt: permission denied\n");
  });

  it("exits 2 when a named path cannot be read (a socket), after scanning the rest", async () => {
    const token = mint();
    const dir = await tree({ "a.txt": token });
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(path.join(dir, "sock"), resolve));
    try {
      const run = await runScan(["scan", "a.txt", "sock"], { cwd: dir });
      expect(run.code).toBe(2);
      expect(run.stdout).toBe(`a.txt:1:1: Patina token ${hint(token)}\n`);
      expect(run.stderr).toBe(
        "patina: cannot read sock: not readable (a socket or a device)\n" +
          "patina: found 1 token in 1 file (1 file scanned); 1 path could not be read.\n",
      );
    } finally {
      server.close();
    }
  });

  it("needs no server configuration and touches no store", async () => {
    const token = mint();
    const dir = await tree({ "a.txt": token });
    const run = await runScan(["scan", "a.txt"], {
      cwd: dir,
      env: { PATINA_SECRET: "short", PATINA_DATABASE_URL: "mysql://nowhere", PATINA_DATA_DIR: "./data" },
    });
    expect(run.code).toBe(1);
    expect(existsSync(path.join(dir, "data"))).toBe(false);
    expect(await readdir(dir)).toEqual(["a.txt"]);
  });

  it("stops quietly with exit 1 when the reader of its output goes away (| head -1)", async () => {
    const tokens = Array.from({ length: 20_000 }, () => mint());
    const dir = await tree({ "many.txt": tokens.join("\n") });
    const child = spawn(process.execPath, [PATINA_BIN, "scan", "many.txt"], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? "" },
    });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    // Read the first piece of output, then close the pipe, as `head -1` does.
    child.stdout.once("data", () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(/^patina: found \d+ tokens? in 1 file \(1 file scanned\)\.\n$/);
    expectNoTokenIn(stderr);
  });

  it("streams large files: a token across the 64 KiB read boundary, and one at the end of a 3 MB line", async () => {
    const [split, late] = [mint(), mint()];
    const dir = await tree({
      "split.txt": `${"a".repeat(64 * 1024 - 20)}\n${"é".repeat(5)}${split}\n`,
      "long.txt": `${"x".repeat(3 * 1024 * 1024)}${late}`,
    });
    const run = await runScan(["scan", "."], { cwd: dir });
    expect(run.stdout).toBe(
      [
        `long.txt:1:${3 * 1024 * 1024 + 1}: Patina token ${hint(late)}`,
        `split.txt:2:6: Patina token ${hint(split)}`,
        "",
      ].join("\n"),
    );
  });
});
