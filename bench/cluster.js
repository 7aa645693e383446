// `npm run bench:cluster`: three `patina serve` processes on one PostgreSQL behind nginx, with
// the documented docs/examples/nginx-cluster.conf, loaded by wrk through nginx with a valid token
// while Node probers (keep-alive, one socket each) probe a token that is then revoked through
// nginx. For each of BENCH_REVOCATIONS revocations it records when the revoke answered and, per
// instance (nginx's X-Upstream header), the first refusal; it prints p50/p95/p99/max of "revoke
// answered → refused on every instance" and how many probes begun after the answer succeeded
// (the guarantee of docs/cluster.md: 0). PostgreSQL: BENCH_POSTGRES_URL (an admin URL; a fresh
// database is created and dropped), default postgres://postgres@127.0.0.1:5432/postgres.
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { CLI_ACTOR } from "../dist/audit/audit-log.js";
import { loadConfig } from "../dist/config/config.js";
import { createLogger } from "../dist/logger.js";
import { createServices } from "../dist/services.js";
import { describeMachine } from "./lib/machine.js";
import { quantile } from "./lib/stats.js";
import { wrk } from "./lib/wrk.js";
import { root, stopChild } from "./support.js";

const REVOCATIONS = Number(process.env.BENCH_REVOCATIONS ?? 50);
const PROBERS = Number(process.env.BENCH_PROBERS ?? 6);
const ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const SECRET = "a-bench-secret-of-at-least-32-characters!";
const PROBE = "/bench/_apis/tokens/pats?api-version=7.1";
const NGINX = "/usr/sbin/nginx";

const must = (result) => {
  if (!result.ok) throw new Error(result.message);
  return result.value;
};
const basic = (token) => `Basic ${Buffer.from(`:${token}`).toString("base64")}`;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

async function waitFor(url) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (
      (await fetch(url)
        .then((r) => r.status)
        .catch(() => 0)) === 200
    )
      return;
    await sleep(100);
  }
  throw new Error(`${url} did not answer`);
}

async function main() {
  const machine = await describeMachine();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "patina-bench-cluster-"));
  const dbName = `patina_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${dbName}`;
  const env = {
    PATINA_DATABASE_URL: url.toString(),
    PATINA_SECRET: SECRET,
    PATINA_REPOS_DIR: path.join(work, "repos"),
    PATINA_TOKEN_CACHE_TTL_MS: "60000",
    PATINA_LOG_LEVEL: "warn",
    PATINA_JOBS: "off",
    PATINA_HOST: "127.0.0.1",
  };
  const children = [];
  let nginx;
  try {
    // Seed in process: a user, an organization, a token to manage tokens and one for wrk's load.
    const services = await createServices(loadConfig({ ...env, PATINA_DATA_DIR: path.join(work, "seed") }), {
      logger: createLogger("silent"),
    });
    const user = must(await services.directory.addUser(CLI_ACTOR, { username: "bench", email: "bench@example.com" }));
    const org = must(await services.directory.addOrganization(CLI_ACTOR, "bench", "bench"));
    const context = {
      userId: user.id,
      ownerIsAdmin: false,
      acting: { kind: "operator" },
      orgId: org.id,
      actor: CLI_ACTOR,
    };
    const mint = async (name, scope) =>
      must(
        await services.tokens.create(context, {
          displayName: name,
          scope,
          validTo: new Date(Date.now() + 7 * 86_400_000).toISOString(),
          allOrgs: false,
        }),
      ).token;
    const manage = await mint("manage", "vso.pats_manage");
    const load = await mint("load", "vso.pats");
    await services.store.close();

    const ports = [await freePort(), await freePort(), await freePort()];
    for (const [index, port] of ports.entries()) {
      const child = spawn(process.execPath, [path.join(root, "bin/patina.js"), "serve"], {
        env: {
          PATH: process.env.PATH,
          ...env,
          PATINA_PORT: String(port),
          PATINA_DATA_DIR: path.join(work, `data-${index}`),
        },
        stdio: ["ignore", "ignore", "inherit"],
      });
      children.push(child);
    }
    await Promise.all(ports.map((port) => waitFor(`http://127.0.0.1:${port}/healthz`)));
    const listen = await freePort();
    let site = fs.readFileSync(path.join(root, "docs/examples/nginx-cluster.conf"), "utf8");
    for (const [index, port] of ports.entries())
      site = site.replace(`127.0.0.1:808${index + 1};`, `127.0.0.1:${port};`);
    site = site.replace("listen 80;", `listen 127.0.0.1:${listen};`);
    const nginxDir = path.join(work, "nginx");
    fs.mkdirSync(nginxDir);
    fs.writeFileSync(path.join(nginxDir, "patina.conf"), site);
    const temp = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]
      .map((kind) => `  ${kind}_temp_path ${path.join(nginxDir, kind)};`)
      .join("\n");
    fs.writeFileSync(
      path.join(nginxDir, "nginx.conf"),
      `${process.getuid?.() === 0 ? "user root;\n" : ""}worker_processes 1;\nevents { worker_connections 256; }\nhttp {\n  access_log off;\n${temp}\n  include ${path.join(nginxDir, "patina.conf")};\n}\n`,
    );
    nginx = spawn(
      NGINX,
      [
        "-e",
        "stderr",
        "-p",
        `${nginxDir}/`,
        "-c",
        path.join(nginxDir, "nginx.conf"),
        "-g",
        `daemon off; pid ${nginxDir}/nginx.pid;`,
      ],
      {
        stdio: ["ignore", "ignore", "inherit"],
      },
    );
    const base = `http://127.0.0.1:${listen}`;
    await waitFor(`${base}/healthz`);
    const upstreams = ports.map((port) => `127.0.0.1:${port}`);

    // Background load through nginx for the whole measurement.
    const seconds = Math.max(10, Math.ceil(REVOCATIONS / 4));
    const loadRun = wrk({ url: `${base}${PROBE}`, seconds, headers: { Authorization: basic(load) } });

    const probes = [];
    let target;
    let running = true;
    const probers = Array.from({ length: PROBERS }, async () => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      while (running) {
        const current = target;
        if (current === undefined) {
          await sleep(2);
          continue;
        }
        const start = performance.now();
        const answer = await new Promise((resolve) => {
          const request = http.get(
            `${base}${PROBE}`,
            { agent, headers: { authorization: basic(current) } },
            (response) => {
              response.resume();
              response.on("end", () =>
                resolve({ status: response.statusCode, upstream: response.headers["x-upstream"] }),
              );
            },
          );
          request.on("error", () => resolve({ status: 0, upstream: "" }));
        });
        probes.push({ token: current, start, end: performance.now(), ...answer });
      }
      agent.destroy();
    });
    const until = async (condition, what) => {
      const deadline = Date.now() + 10_000;
      while (!condition()) {
        if (Date.now() > deadline) throw new Error(`timed out: ${what} ${JSON.stringify(probes.slice(-5))}`);
        await sleep(1);
      }
    };

    const propagation = [];
    let successesAfter = 0;
    for (let i = 0; i < REVOCATIONS; i++) {
      const created = await fetch(`${base}/bench/_apis/tokens/pats?api-version=7.1`, {
        method: "POST",
        headers: { authorization: basic(manage), "content-type": "application/json" },
        body: JSON.stringify({
          displayName: `probe ${i}`,
          scope: "vso.pats",
          validTo: new Date(Date.now() + 86_400_000).toISOString(),
        }),
      }).then((r) => r.json());
      const { token, authorizationId } = created.patToken;
      const mine = () => probes.filter((p) => p.token === token);
      target = token;
      await until(
        () => upstreams.every((u) => mine().some((p) => p.upstream === u && p.status === 200)),
        "accepted everywhere",
      );
      const revoked = await fetch(
        `${base}/bench/_apis/tokens/pats?authorizationId=${authorizationId}&api-version=7.1`,
        {
          method: "DELETE",
          headers: { authorization: basic(manage) },
        },
      );
      await revoked.arrayBuffer();
      const returned = performance.now();
      if (revoked.status !== 204) throw new Error(`revoke answered ${revoked.status}`);
      await until(
        () =>
          upstreams.every((u) =>
            mine().some((p) => p.upstream === u && p.start >= returned && p.status !== 200 && p.status !== 0),
          ),
        "refused everywhere",
      );
      target = undefined;
      const seen = mine();
      successesAfter += seen.filter((p) => p.start >= returned && p.status === 200).length;
      const firsts = upstreams.map((u) =>
        Math.min(...seen.filter((p) => p.upstream === u && p.status !== 200 && p.status !== 0).map((p) => p.end)),
      );
      propagation.push(Math.max(0, Math.max(...firsts) - returned));
    }
    running = false;
    await Promise.all(probers);
    const loaded = await loadRun;

    const ms = (q) => quantile(propagation, q).toFixed(2);
    console.log(`## Cluster: revocation across three instances (\`npm run bench:cluster\`)\n`);
    console.log(`${machine}\n`);
    console.log(
      `Three \`patina serve\` on one PostgreSQL behind nginx (docs/examples/nginx-cluster.conf), token cache TTL 60 s;`,
    );
    console.log(
      `wrk through nginx: ${Math.round(loaded.rps)} requests/s over ${seconds} s (${loaded.statusErrors} non-2xx); ${PROBERS} keep-alive probers.\n`,
    );
    console.log("| measure | p50 | p95 | p99 | max |");
    console.log("|---|---|---|---|---|");
    console.log(
      `| revoke answered → refused on every instance (ms), ${REVOCATIONS} revocations | ${ms(0.5)} | ${ms(0.95)} | ${ms(0.99)} | ${Math.max(...propagation).toFixed(2)} |`,
    );
    console.log(
      `\nProbes begun after the revoke answered that succeeded: **${successesAfter}** (of ${probes.length} probes).`,
    );
  } finally {
    if (nginx) {
      nginx.kill("SIGQUIT");
      await new Promise((resolve) => (nginx.exitCode === null ? nginx.once("exit", resolve) : resolve()));
    }
    await Promise.all(children.map((child) => stopChild(child)));
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

await main();
