// Shared by the benchmarks: starting a server child process and learning its URL.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root, where bin/ and bench/ live. */
export const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/** Starts a child process that prints {"port":…} or a Patina log line with the URL. */
export function startProcess(args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let buffer = "";
    child.stdout.on("data", (chunk) => {
      buffer += chunk;
      const port = buffer.match(/"port":(\d+)/)?.[1] ?? buffer.match(/listening on http:\/\/127\.0\.0\.1:(\d+)/)?.[1];
      if (port) resolve({ child, url: `http://127.0.0.1:${port}` });
    });
    child.on("exit", (code) => reject(new Error(`${args.join(" ")} exited with ${code}`)));
  });
}
