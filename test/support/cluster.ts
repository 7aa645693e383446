/**
 * Three real `patina serve` processes on one PostgreSQL behind a real nginx, configured from the
 * documented example (docs/examples/nginx-cluster.conf), and probers that record, for every
 * request, when it began and ended, its status and which instance answered (X-Upstream).
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { freePort } from "./free-port.js";
import { fillTemplate, type RunningNginx, startNginx, stopNginx } from "./nginx.js";

const BIN = fileURLToPath(new URL("../../bin/patina.js", import.meta.url));
const EXAMPLE = fileURLToPath(new URL("../../docs/examples/nginx-cluster.conf", import.meta.url));

/** One running instance. */
export interface Instance {
  readonly port: number;
  readonly process: ChildProcess;
  readonly output: string[];
  /** The first-run setup code it printed, if any. */
  readonly setupCode: string | undefined;
}

export interface Cluster {
  readonly instances: readonly Instance[];
  /** http://127.0.0.1:PORT of nginx. */
  readonly url: string;
  readonly nginx: RunningNginx;
  /** The environment every instance shares (for CLI runs against the same store). */
  readonly env: Record<string, string>;
  stop(): Promise<void>;
}

/** Starts `count` instances sharing `env` (database, secret, repositories) and nginx in front. */
export async function startCluster(env: Record<string, string>, count = 3): Promise<Cluster> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "patina-cluster-"));
  const reposDir = path.join(root, "shared-repos");
  const shared = { ...env, PATINA_REPOS_DIR: reposDir, PATINA_HOST: "127.0.0.1", PATINA_TRUST_PROXY: "127.0.0.1" };
  const instances = await Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const port = await freePort();
      return startInstance(
        { ...shared, PATINA_PORT: String(port), PATINA_DATA_DIR: path.join(root, `data-${index}`) },
        port,
      );
    }),
  );
  const nginxDir = path.join(root, "nginx");
  fs.mkdirSync(nginxDir);
  const listen = await freePort();
  const site = fillTemplate(EXAMPLE, [
    ...instances.map((instance, index) => [`127.0.0.1:808${index + 1};`, `127.0.0.1:${instance.port};`] as const),
    ["listen 80;", `listen 127.0.0.1:${listen};`],
  ]);
  const nginx = await startNginx(nginxDir, site, listen);
  return {
    instances,
    url: `http://127.0.0.1:${listen}`,
    nginx,
    env: shared,
    async stop() {
      await stopNginx(nginx.process);
      await Promise.all(instances.map((instance) => stopInstance(instance.process)));
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

async function startInstance(env: Record<string, string>, port: number): Promise<Instance> {
  const child = spawn(process.execPath, [BIN, "serve"], {
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => output.push(chunk));
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => output.push(chunk));
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`patina serve exited: ${output.join("")}`);
    const status = await fetch(`http://127.0.0.1:${port}/healthz`)
      .then((response) => response.status)
      .catch(() => 0);
    if (status === 200) {
      // The setup line comes before the server listens; give stdout a moment to be read.
      await new Promise((resolve) => setTimeout(resolve, 50));
      const code = /_setup\?code=([^\s]+)/.exec(output.join(""))?.[1];
      return { port, process: child, output, setupCode: code };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill("SIGKILL");
  throw new Error(`patina serve did not listen on ${port}: ${output.join("")}`);
}

async function stopInstance(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
  await exited;
  clearTimeout(timer);
}

/** Basic credentials the way Azure DevOps clients send a PAT. */
export function basicAuth(token: string): string {
  return `Basic ${Buffer.from(`:${token}`).toString("base64")}`;
}

/** One probe: a GET with a token through nginx. Times are performance.now() milliseconds. */
export interface Probe {
  readonly token: string;
  readonly start: number;
  readonly end: number;
  readonly status: number;
  readonly upstream: string;
}

/** Keep-alive clients probing whatever tokens are current, until stopped. */
export class Probers {
  readonly probes: Probe[] = [];
  current: { token: string; path: string }[] = [];
  #running = true;
  readonly #loops: Promise<void>[] = [];
  readonly #agents: http.Agent[] = [];

  constructor(
    private readonly baseUrl: string,
    clients: number,
  ) {
    for (let i = 0; i < clients; i++) {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      this.#agents.push(agent);
      this.#loops.push(this.#loop(agent, i));
    }
  }

  async #loop(agent: http.Agent, offset: number): Promise<void> {
    let turn = offset;
    while (this.#running) {
      const targets = this.current;
      const target = targets[turn++ % Math.max(1, targets.length)];
      if (target === undefined) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        continue;
      }
      const start = performance.now();
      const { status, upstream } = await get(agent, `${this.baseUrl}${target.path}`, target.token);
      this.probes.push({ token: target.token, start, end: performance.now(), status, upstream });
    }
  }

  async stop(): Promise<void> {
    this.#running = false;
    await Promise.all(this.#loops);
    for (const agent of this.#agents) agent.destroy();
  }
}

function get(agent: http.Agent, url: string, token: string): Promise<{ status: number; upstream: string }> {
  return new Promise((resolve) => {
    const request = http.get(url, { agent, headers: { authorization: basicAuth(token) } }, (response) => {
      response.resume();
      response.on("end", () =>
        resolve({ status: response.statusCode ?? 0, upstream: String(response.headers["x-upstream"] ?? "") }),
      );
    });
    request.on("error", () => resolve({ status: 0, upstream: "" }));
  });
}

/** What one change did to the probes of its token. */
export interface ChangeOutcome {
  /** ms from the change's response to the first refusal seen from the last instance (0: refused before the answer). */
  readonly propagationMs: number;
  /** Probes begun after the change's response that still succeeded (must be 0). */
  readonly successesAfter: number;
}

/**
 * Probes `token` at `probePath` until every instance accepted it (so each has it cached), makes
 * the change, and probes on until every instance refused a probe begun after the change answered.
 */
export async function measureChange(
  probers: Probers,
  upstreams: readonly string[],
  target: { token: string; path: string },
  change: () => Promise<void>,
): Promise<ChangeOutcome> {
  const mine = () => probers.probes.filter((probe) => probe.token === target.token);
  probers.current = [target];
  await until(
    () => upstreams.every((u) => mine().some((p) => p.upstream === u && p.status === 200)),
    "every instance accepted the token",
  );
  await change();
  const returned = performance.now();
  await until(
    () => upstreams.every((u) => mine().some((p) => p.upstream === u && p.start >= returned && p.status !== 200)),
    "every instance refused the token after the change",
  );
  probers.current = [];
  const probes = mine();
  const successesAfter = probes.filter((p) => p.start >= returned && p.status === 200).length;
  const firstRefusals = upstreams.map((u) =>
    Math.min(...probes.filter((p) => p.upstream === u && p.status !== 200 && p.status !== 0).map((p) => p.end)),
  );
  return { propagationMs: Math.max(0, Math.max(...firstRefusals) - returned), successesAfter };
}

/** Waits (up to 5 s) for `condition`; throws with `what` otherwise. */
export async function until(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** The p-th percentile (0..100) of `values`, nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}
