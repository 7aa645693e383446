/**
 * Runs Debian's nginx for a test: in the foreground, as the current user, with every file under
 * one temporary directory, and the site configuration a documented example filled in. Used by
 * the forward-auth and reverse-proxy tests.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { expect } from "vitest";

export const NGINX = "/usr/sbin/nginx";

/** Outside CI a machine without nginx skips those files (and says so); .ci/run installs nginx. */
export const nginxAvailable = fs.existsSync(NGINX) || process.env.CI === "true";

/** A running nginx and what it wrote. */
export interface RunningNginx {
  readonly process: ChildProcess;
  readonly log: string[];
}

/** A documented example with its placeholders replaced; each placeholder must occur exactly once. */
export function fillTemplate(file: string, replacements: readonly (readonly [string, string])[]): string {
  let text = fs.readFileSync(file, "utf8");
  for (const [from, to] of replacements) {
    expect(text.split(from).length - 1, `"${from}" in ${path.basename(file)}`).toBe(1);
    text = text.replace(from, to);
  }
  return text;
}

/** Starts nginx with `site` as its one http-context include; resolves once it listens on `port`. */
export async function startNginx(dir: string, site: string, port: number): Promise<RunningNginx> {
  fs.writeFileSync(path.join(dir, "patina.conf"), site);
  const temp = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]
    .map((kind) => `  ${kind}_temp_path ${path.join(dir, `${kind}_temp`)};`)
    .join("\n");
  fs.writeFileSync(
    path.join(dir, "nginx.conf"),
    // As root (CI), workers would switch to "nobody" and could not use the temporary directory.
    `${process.getuid?.() === 0 ? "user root;\n" : ""}worker_processes 1;
events { worker_connections 64; }
http {
  access_log off;
${temp}
  include ${path.join(dir, "patina.conf")};
}
`,
  );
  const child = spawn(
    NGINX,
    ["-e", "stderr", "-p", `${dir}/`, "-c", path.join(dir, "nginx.conf"), "-g", `daemon off; pid ${dir}/nginx.pid;`],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  const log: string[] = [];
  child.stdout?.on("data", (chunk: Buffer) => log.push(chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => log.push(chunk.toString()));
  const exited = new Promise<never>((_, reject) => {
    child.once("exit", (code) => reject(new Error(`nginx exited (${code}): ${log.join("")}`)));
    child.once("error", reject);
  });
  const deadline = Date.now() + 10_000;
  const listening = (async () => {
    while (Date.now() < deadline) {
      const ok = await new Promise<boolean>((resolve) => {
        const socket = net.connect(port, "127.0.0.1", () => {
          socket.end();
          resolve(true);
        });
        socket.once("error", () => resolve(false));
      });
      if (ok) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`nginx did not listen on ${port}: ${log.join("")}`);
  })();
  await Promise.race([listening, exited]);
  exited.catch(() => {}); // a later exit (our own stop) is not an error
  return { process: child, log };
}

/** Stops nginx gracefully (SIGQUIT, as `nginx -s quit` sends), then for good. */
export async function stopNginx(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGQUIT");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
  await exited;
  clearTimeout(timer);
}
