// Flood isolation: wrk floods Patina from 127.0.0.1, either with distinct forged well-formed
// tokens (valid prefix, base62 body, correct CRC32; pre-generated, cycled by a Lua script) or
// with one valid token, while a legitimate client on another loopback address (127.0.0.2, see
// bench/steady-client.js) measures its own p99. Floods alternate; the forged/valid p99 ratio
// says whether failed credentials from one address slow everyone else down.
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { request } from "../lib/http-once.js";
import { options } from "../lib/options.js";
import { startPatina } from "../lib/patina-setup.js";
import { alternate, FIGURE_COLUMNS, figureRow, ratios, table, targetRow, two, whole } from "../lib/stats.js";
import { basicAuthorization, forgedToken } from "../lib/tokens.js";
import { wrk } from "../lib/wrk.js";
import { root } from "../support.js";

const run = promisify(execFile);
const PATH = "/_apis/connectionData?api-version=7.1";
const LEGITIMATE_ADDRESS = "127.0.0.2";
const TARGET = { atMost: 2 };
// The flood starts this long before the legitimate client and ends this long after it.
const MARGIN_SECONDS = 1;

async function legitimateClient(url, token) {
  const { stdout } = await run(process.execPath, [path.join(root, "bench", "steady-client.js")], {
    env: {
      ...process.env,
      BENCH_URL: url,
      BENCH_AUTHORIZATION: basicAuthorization(token),
      BENCH_RATE: String(options.legitRate),
      BENCH_SECONDS: String(options.seconds),
      BENCH_LOCAL_ADDRESS: LEGITIMATE_ADDRESS,
    },
  });
  const result = JSON.parse(stdout);
  if (result.failures > 0) throw new Error(`the legitimate client got ${JSON.stringify(result.statuses)}`);
  return result;
}

/** One flood with the legitimate client measuring in its middle. */
async function underFlood(url, token, authorizationFile, logFile) {
  const logBefore = fs.statSync(logFile).size;
  const flood = wrk({
    url,
    seconds: options.seconds + 2 * MARGIN_SECONDS,
    scripts: ["cycle-authorization.lua"],
    env: { BENCH_AUTHORIZATION_FILE: authorizationFile },
  });
  await new Promise((resolve) => setTimeout(resolve, MARGIN_SECONDS * 1000));
  const legitimate = await legitimateClient(url, token);
  const load = await flood;
  const logBytes = fs.statSync(logFile).size - logBefore;
  return { legitimate, flood: load, logMiBps: logBytes / 2 ** 20 / (load.durationUs / 1e6) };
}

/** Runs the flood comparison and returns its Markdown section. */
export async function measureFlood({ store, runDir, log }) {
  const forgedFile = path.join(runDir, "forged-authorizations.txt");
  fs.writeFileSync(
    forgedFile,
    `${Array.from({ length: options.forgedTokens }, () => basicAuthorization(forgedToken())).join("\n")}\n`,
  );
  const validFile = path.join(runDir, "valid-authorization.txt");
  fs.writeFileSync(validFile, `${basicAuthorization(store.tokens.flood)}\n`);
  const logFile = path.join(runDir, "patina-flood.log");
  const patina = await startPatina(store.dataDir, logFile);
  try {
    const url = patina.url + PATH;
    const quiet = await legitimateClient(url, store.tokens.legitimate);
    log(`flood quiet: ${JSON.stringify(quiet)}`);
    const forgedStatuses = new Set();
    const sides = {
      forged: async () => {
        const result = await underFlood(url, store.tokens.legitimate, forgedFile, logFile);
        // What a forged token gets from the flooding address right after the flood (401, or 429 once throttled).
        forgedStatuses.add(
          (await request(url, { headers: { authorization: basicAuthorization(forgedToken()) } })).status,
        );
        return result;
      },
      valid: () => underFlood(url, store.tokens.legitimate, validFile, logFile),
    };
    const results = await alternate(sides, options.rounds, (line) => log(`flood ${line}`));
    const p99 = (side) => results[side].map((r) => r.legitimate.p99Us / 1000);
    const floodRps = (side) => results[side].map((r) => r.flood.rps);
    const logRate = (side) => results[side].map((r) => r.logMiBps);
    const ratio = ratios(p99("forged"), p99("valid"));
    const wrapped = results.forged.some((r) => r.flood.requests > options.forgedTokens);
    const ms = (value) => value.toFixed(2);
    const sum = (values) => values.reduce((a, b) => a + b, 0);
    return [
      "#### Flood isolation",
      "",
      `wrk from 127.0.0.1 (${options.threads} thread, ${options.connections} connections, ${options.seconds + 2 * MARGIN_SECONDS} s) on` +
        ` \`GET /_apis/connectionData\`; the legitimate client (bench/steady-client.js) sends ${options.legitRate} requests/s` +
        ` from ${LEGITIMATE_ADDRESS} with its own valid PAT during the middle ${options.seconds} s; ${options.rounds} alternating rounds.` +
        ` ${whole(options.forgedTokens)} distinct forged tokens${wrapped ? " (the list wrapped around: raise BENCH_FORGED_TOKENS)" : ", none sent twice"}.`,
      "",
      table(FIGURE_COLUMNS, [
        ["legitimate p99, no flood (ms)", ms(quiet.p99Us / 1000), ms(quiet.p99Us / 1000), "", ""],
        figureRow("legitimate p99 under the valid-token flood (ms)", p99("valid"), ms),
        figureRow("legitimate p99 under the forged-token flood (ms)", p99("forged"), ms),
        targetRow("p99 forged flood / p99 valid flood", ratio, two, TARGET),
        figureRow(
          `valid flood (req/s; ${sum(results.valid.map((r) => r.flood.statusErrors))} answers not 2xx)`,
          floodRps("valid"),
          whole,
        ),
        figureRow(
          `forged flood (req/s; a forged token then got ${[...forgedStatuses].join(", ")})`,
          floodRps("forged"),
          whole,
        ),
        figureRow("server log written during the forged flood (MiB/s)", logRate("forged"), two),
        figureRow("server log written during the valid flood (MiB/s)", logRate("valid"), two),
      ]),
    ].join("\n");
  } finally {
    await patina.stop();
  }
}
