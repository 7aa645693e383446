// Shared by the benchmarks: starting a server child process and learning its URL.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root, where bin/ and bench/ live. */
export const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

const PORT_PATTERNS = [/"port":(\d+)/, /listening on http:\/\/127\.0\.0\.1:(\d+)/];

function portIn(text) {
  for (const pattern of PORT_PATTERNS) {
    const port = text.match(pattern)?.[1];
    if (port) return port;
  }
  return undefined;
}

/**
 * Starts a child process that prints {"port":…} or a Patina log line with the URL. With
 * `logFile`, its stdout goes to that file instead of a pipe, so that a server logging under a
 * flood neither fills this process's memory nor costs it CPU while it measures.
 */
export function startProcess(args, env, { logFile } = {}) {
  return new Promise((resolve, reject) => {
    const out = logFile === undefined ? "pipe" : fs.openSync(logFile, "w");
    const child = spawn(process.execPath, args, {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ["ignore", out, "inherit"],
    });
    if (typeof out === "number") fs.closeSync(out);
    child.on("exit", (code) => reject(new Error(`${args.join(" ")} exited with ${code}`)));
    const found = (port) => resolve({ child, url: `http://127.0.0.1:${port}`, stop: () => stopChild(child) });
    if (logFile === undefined) {
      let buffer = "";
      const onData = (chunk) => {
        buffer += chunk;
        const port = portIn(buffer);
        if (port === undefined) return;
        // Keep draining (a full pipe would block the child) but stop keeping what it says.
        child.stdout.off("data", onData);
        child.stdout.resume();
        found(port);
      };
      child.stdout.on("data", onData);
      return;
    }
    const poll = setInterval(() => {
      const port = portIn(fs.readFileSync(logFile, "utf8"));
      if (port === undefined) return;
      clearInterval(poll);
      found(port);
    }, 50);
    child.on("exit", () => clearInterval(poll));
  });
}

/** Ends a child with SIGTERM and waits until it has exited. */
export function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}
