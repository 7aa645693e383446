// `npm run bench`: Patina's authenticated throughput against a bare Node server, measured in
// the same run, alternating, with the same load tool (autocannon); then in-process
// verifications per second with the token cache warm and cold. Prints a Markdown table for
// docs/benchmarks.md. Timings on a shared machine are noisy: read the ratio, not the numbers.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { CLI_ACTOR } from "../dist/audit/audit-log.js";
import { loadConfig } from "../dist/config/config.js";
import { createLogger } from "../dist/logger.js";
import { createServices } from "../dist/services.js";
import { startProcess } from "./support.js";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DURATION = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);

/** Creates a store with a user, an organization and a token; returns the token. */
async function prepareStore(dataDir, env = {}) {
  const config = loadConfig({ PATINA_DATA_DIR: dataDir, ...env });
  const services = await createServices(config, { logger: createLogger("silent") });
  const must = (result) => {
    if (!result.ok) throw new Error(result.message);
    return result.value;
  };
  const user = must(await services.directory.addUser(CLI_ACTOR, { username: "bench", email: "bench@example.com" }));
  const org = must(await services.directory.addOrganization(CLI_ACTOR, "bench", "bench"));
  const validTo = new Date(Date.now() + 7 * 86_400_000).toISOString();
  const created = must(
    await services.tokens.create(
      { userId: user.id, ownerIsAdmin: false, acting: { kind: "operator" }, orgId: org.id, actor: CLI_ACTOR },
      { displayName: "bench", scope: "vso.profile", validTo },
    ),
  );
  return { services, token: created.token };
}

function load(url, headers) {
  return new Promise((resolve, reject) => {
    autocannon({ url, headers, connections: CONNECTIONS, duration: DURATION }, (error, result) => {
      if (error) reject(error);
      else if (result.non2xx > 0 || result.errors > 0)
        reject(new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`));
      else resolve(result.requests.average);
    });
  });
}

function measureVerify(verify, token, iterations) {
  return (async () => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) {
      const result = await verify(token);
      if (!result.ok) throw new Error(`verification failed: ${result.reason}`);
    }
    return iterations / (Number(process.hrtime.bigint() - start) / 1e9);
  })();
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "patina-bench-"));
  const { services, token } = await prepareStore(dataDir);
  await services.store.close();
  const patina = await startProcess(["bin/patina.js", "serve"], {
    PATINA_DATA_DIR: dataDir,
    PATINA_PORT: "0",
    PATINA_LOG_LEVEL: "info",
  });
  const bare = await startProcess(["bench/bare-server.js"], {});
  const auth = { authorization: `Basic ${Buffer.from(`:${token}`).toString("base64")}` };
  const patinaUrl = `${patina.url}/_apis/connectionData?api-version=7.1`;
  try {
    await load(bare.url, {});
    await load(patinaUrl, auth);
    const bareRuns = [];
    const patinaRuns = [];
    for (let round = 0; round < ROUNDS; round++) {
      bareRuns.push(await load(bare.url, {}));
      patinaRuns.push(await load(patinaUrl, auth));
    }
    const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;
    const ratio = mean(patinaRuns) / mean(bareRuns);

    const warm = await prepareStore(fs.mkdtempSync(path.join(os.tmpdir(), "patina-bench-")));
    const cold = await prepareStore(fs.mkdtempSync(path.join(os.tmpdir(), "patina-bench-")), {
      PATINA_TOKEN_CACHE_TTL_MS: "0",
    });
    await measureVerify(warm.services.verify, warm.token, 20_000);
    const warmRate = await measureVerify(warm.services.verify, warm.token, 200_000);
    const coldRate = await measureVerify(cold.services.verify, cold.token, 20_000);
    await warm.services.store.close();
    await cold.services.store.close();

    const cpu = os.cpus()[0]?.model ?? "unknown CPU";
    console.log(
      `\n## ${new Date().toISOString().slice(0, 10)} — ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}\n`,
    );
    console.log(`autocannon, ${CONNECTIONS} connections, ${DURATION} s per run, ${ROUNDS} alternating rounds\n`);
    console.log("| measure | result |\n|---|---|");
    console.log(`| bare Node http, fixed JSON (req/s, per round) | ${bareRuns.map(Math.round).join(" · ")} |`);
    console.log(
      `| Patina GET /_apis/connectionData, Basic PAT, SQLite (req/s, per round) | ${patinaRuns.map(Math.round).join(" · ")} |`,
    );
    console.log(`| **ratio Patina / bare** | **${ratio.toFixed(2)}** (target ≥ 0.70) |`);
    console.log(`| verify(), cache warm (verifications/s, in process) | ${Math.round(warmRate)} |`);
    console.log(`| verify(), cache cold: SQLite lookup each time (verifications/s) | ${Math.round(coldRate)} |`);
  } finally {
    patina.child.kill("SIGTERM");
    bare.child.kill("SIGTERM");
  }
}

await main();
