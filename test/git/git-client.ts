/**
 * Drives the real `git` binary for the git tests: a private HOME, no terminal prompts, no
 * system or user configuration and no credential helper unless a test sets one, so what a test
 * sees is what a git user with a clean setup sees.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** One finished git run. */
export interface GitResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A sandbox for git commands: its own HOME and scratch folder. */
export interface GitSandbox {
  readonly home: string;
  /** A fresh folder path inside the sandbox (not created). */
  dir(name: string): string;
  /** Runs git with `args`, in `cwd` (default: the sandbox), with extra environment. */
  git(
    args: readonly string[],
    options?: { cwd?: string; env?: Record<string, string>; input?: string },
  ): Promise<GitResult>;
  /** Runs git and fails the test with its stderr if it does not succeed. */
  gitOk(
    args: readonly string[],
    options?: { cwd?: string; env?: Record<string, string>; input?: string },
  ): Promise<GitResult>;
  /** Writes files into a work tree and commits them; returns the new commit id. */
  commit(cwd: string, files: Record<string, string>, message: string): Promise<string>;
  remove(): void;
}

/** Creates a sandbox in a temporary folder. */
export function createGitSandbox(): GitSandbox {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "patina-git-"));
  const home = path.join(root, "home");
  fs.mkdirSync(home);
  let counter = 0;
  const git = (args: readonly string[], options: { cwd?: string; env?: Record<string, string>; input?: string } = {}) =>
    new Promise<GitResult>((resolve, reject) => {
      const child = spawn("git", [...args], {
        cwd: options.cwd ?? root,
        env: {
          PATH: process.env.PATH ?? "",
          HOME: home,
          GIT_TERMINAL_PROMPT: "0",
          GIT_CONFIG_NOSYSTEM: "1",
          GIT_AUTHOR_NAME: "Test",
          GIT_AUTHOR_EMAIL: "test@example.com",
          GIT_COMMITTER_NAME: "Test",
          GIT_COMMITTER_EMAIL: "test@example.com",
          LANG: "C",
          ...options.env,
        },
        stdio: ["pipe", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
        stdout += chunk;
      });
      child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
        stderr += chunk;
      });
      child.on("error", reject);
      child.on("close", (code) => resolve({ code, stdout, stderr }));
      child.stdin.on("error", () => {});
      child.stdin.end(options.input ?? "");
    });
  const gitOk: GitSandbox["gitOk"] = async (args, options) => {
    const result = await git(args, options);
    if (result.code !== 0) throw new Error(`git ${args.join(" ")} exited ${result.code}: ${result.stderr}`);
    return result;
  };
  return {
    home,
    dir: (name) => path.join(root, `${name}-${++counter}`),
    git,
    gitOk,
    async commit(cwd, files, message) {
      for (const [name, content] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(cwd, name)), { recursive: true });
        fs.writeFileSync(path.join(cwd, name), content);
      }
      await gitOk(["add", "-A"], { cwd });
      await gitOk(["commit", "-q", "-m", message], { cwd });
      return (await gitOk(["rev-parse", "HEAD"], { cwd })).stdout.trim();
    },
    remove: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}

/** `-c` options that switch off every credential helper, for a command line. */
export const NO_HELPER = ["-c", "credential.helper="];

/** The Basic header value git sends for a token, as `printf ':%s' "$PAT" | base64 -w0` builds it. */
export function basicHeader(token: string): string {
  return `Authorization: Basic ${Buffer.from(`:${token}`).toString("base64")}`;
}
