// `npm run bench:git`: cloning a ~200 MB repository (incompressible random blobs, made locally)
// through Patina (Basic PAT, SQLite) and through `git http-backend` behind a bare Node CGI
// wrapper without authentication (bench/bare-git-server.js), alternating, on the same
// repository folder. Prints clone times, their ratio, and how much the Patina server's resident
// memory (VmRSS of its process, sampled every 20 ms) grows during each clone. Prints a Markdown
// section for docs/benchmarks.md. Timings on a shared machine are noisy: read the ratio.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CLI_ACTOR } from "../dist/audit/audit-log.js";
import { loadConfig } from "../dist/config/config.js";
import { createRepositoryService } from "../dist/git/repository.service.js";
import { createLogger } from "../dist/logger.js";
import { createServices } from "../dist/services.js";
import { startProcess } from "./support.js";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SIZE_MB = Number(process.env.BENCH_REPO_MB ?? 200);
const FILE_MB = 4;
const SAMPLE_MS = 20;

const must = (result) => {
  if (!result.ok) throw new Error(result.message);
  return result.value;
};

/** A store with a user, organization, project, an empty repository and a read token. */
async function prepareStore(dataDir) {
  const services = await createServices(loadConfig({ PATINA_DATA_DIR: dataDir }), { logger: createLogger("silent") });
  const user = must(await services.directory.addUser(CLI_ACTOR, { username: "bench", email: "bench@example.com" }));
  const org = must(await services.directory.addOrganization(CLI_ACTOR, "bench", "bench"));
  must(await services.directory.addProject(CLI_ACTOR, "bench", "web"));
  const repositories = createRepositoryService({
    db: services.store.db,
    clock: services.clock,
    reposDir: services.config.reposDir,
  });
  const repo = must(await repositories.create(CLI_ACTOR, org.id, "web", "big"));
  const validTo = new Date(Date.now() + 7 * 86_400_000).toISOString();
  const created = must(
    await services.tokens.create(
      { userId: user.id, ownerIsAdmin: false, acting: { kind: "operator" }, orgId: org.id, actor: CLI_ACTOR },
      { displayName: "bench", scope: "vso.code", validTo },
    ),
  );
  await services.store.close();
  return { token: created.token, repoDir: repositories.pathOf(repo.repository), reposRoot: repositories.root, repo };
}

function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "ignore", "pipe"], ...options });
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args[0]}: ${stderr}`))));
  });
}

const gitEnv = {
  ...process.env,
  GIT_TERMINAL_PROMPT: "0",
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_AUTHOR_NAME: "bench",
  GIT_AUTHOR_EMAIL: "bench@example.com",
  GIT_COMMITTER_NAME: "bench",
  GIT_COMMITTER_EMAIL: "bench@example.com",
};

/** Fills the bare repository with SIZE_MB of random files in one commit, packed without deltas. */
async function fillRepository(repoDir, scratch) {
  const work = path.join(scratch, "work");
  await run("git", ["init", "-q", "-b", "main", work], { env: gitEnv });
  for (let i = 0; i < SIZE_MB / FILE_MB; i++) {
    fs.writeFileSync(path.join(work, `blob-${String(i).padStart(3, "0")}.bin`), randomBytes(FILE_MB * 2 ** 20));
  }
  await run("git", ["add", "-A"], { cwd: work, env: gitEnv });
  await run("git", ["commit", "-q", "-m", "random blobs"], { cwd: work, env: gitEnv });
  // Random data has no deltas worth searching for; a window of 0 skips the search.
  await run("git", ["-c", "pack.window=0", "push", "-q", repoDir, "main"], { cwd: work, env: gitEnv });
  // A served repository is normally packed (git gc); clones then reuse the pack's bytes as they are.
  await run("git", ["-c", "pack.window=0", "repack", "-a", "-d", "-q"], { cwd: repoDir, env: gitEnv });
  fs.rmSync(work, { recursive: true, force: true });
  return fs
    .readdirSync(path.join(repoDir, "objects", "pack"))
    .reduce((total, file) => total + fs.statSync(path.join(repoDir, "objects", "pack", file)).size, 0);
}

function residentKiB(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(status.match(/VmRSS:\s+(\d+) kB/)?.[1] ?? Number.NaN);
}

/** Clones `url` into a fresh folder; returns seconds, and the RSS growth of `watchPid` if given. */
async function clone(url, scratch, watchPid) {
  const dest = fs.mkdtempSync(path.join(scratch, "clone-"));
  const before = watchPid ? residentKiB(watchPid) : 0;
  let peak = before;
  const sampler = watchPid
    ? setInterval(() => {
        peak = Math.max(peak, residentKiB(watchPid));
      }, SAMPLE_MS)
    : undefined;
  const start = process.hrtime.bigint();
  await run("git", ["-c", "credential.helper=", "clone", "--bare", "-q", url, dest], { env: gitEnv });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  clearInterval(sampler);
  if (watchPid) peak = Math.max(peak, residentKiB(watchPid));
  fs.rmSync(dest, { recursive: true, force: true });
  return { seconds, growthMiB: (peak - before) / 1024, beforeMiB: before / 1024, peakMiB: peak / 1024 };
}

async function main() {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "patina-bench-git-"));
  const dataDir = path.join(scratch, "data");
  const { token, repoDir, reposRoot } = await prepareStore(dataDir);
  const packBytes = await fillRepository(repoDir, scratch);
  const patina = await startProcess(["bin/patina.js", "serve"], {
    PATINA_DATA_DIR: dataDir,
    PATINA_PORT: "0",
    PATINA_LOG_LEVEL: "info",
  });
  const bare = await startProcess(["bench/bare-git-server.js"], { GIT_PROJECT_ROOT: reposRoot });
  const relative = path.relative(reposRoot, repoDir).split(path.sep).join("/");
  const patinaUrl = `${patina.url.replace("http://", `http://bench:${token}@`)}/bench/web/_git/big`;
  const bareUrl = `${bare.url}/${relative}`;
  try {
    const startRss = residentKiB(patina.child.pid) / 1024;
    const patinaRuns = [];
    const bareRuns = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate which goes first, so neither always meets a warmer page cache.
      if (round % 2 === 0) {
        patinaRuns.push(await clone(patinaUrl, scratch, patina.child.pid));
        bareRuns.push(await clone(bareUrl, scratch));
      } else {
        bareRuns.push(await clone(bareUrl, scratch));
        patinaRuns.push(await clone(patinaUrl, scratch, patina.child.pid));
      }
    }
    const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;
    const ratio = mean(patinaRuns.map((r) => r.seconds)) / mean(bareRuns.map((r) => r.seconds));
    const fmt = (runs, key, digits) => runs.map((r) => r[key].toFixed(digits)).join(" · ");
    const gitVersion = spawnSync("git", ["--version"], { encoding: "utf8" }).stdout;
    const cpu = os.cpus()[0]?.model ?? "unknown CPU";
    console.log(
      `\n### ${new Date().toISOString().slice(0, 10)} — ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${gitVersion.trim()}\n`,
    );
    console.log(
      `\`git clone --bare\` of a ${(packBytes / 2 ** 20).toFixed(0)} MiB pack (${SIZE_MB / FILE_MB} random ${FILE_MB} MiB blobs), loopback, ${ROUNDS} alternating rounds\n`,
    );
    console.log("| measure | result |\n|---|---|");
    console.log(`| bare Node CGI wrapper, no auth (s, per round) | ${fmt(bareRuns, "seconds", 2)} |`);
    console.log(`| Patina, PAT in the URL, SQLite (s, per round) | ${fmt(patinaRuns, "seconds", 2)} |`);
    console.log(`| **clone time ratio Patina / bare** | **${ratio.toFixed(2)}** (target ≤ 1.2) |`);
    console.log(`| Patina server RSS before each clone (MiB) | ${fmt(patinaRuns, "beforeMiB", 1)} |`);
    console.log(
      `| Patina server RSS growth during each clone (MiB, peak − before) | ${fmt(patinaRuns, "growthMiB", 1)} |`,
    );
    const overall = Math.max(...patinaRuns.map((r) => r.peakMiB)) - startRss;
    console.log(
      `| **Patina server RSS growth, peak of all clones − before the first (MiB)** | **${overall.toFixed(1)}** (target ≤ 50) |`,
    );
  } finally {
    patina.child.kill("SIGTERM");
    bare.child.kill("SIGTERM");
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

await main();
