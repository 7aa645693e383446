// Authenticated throughput: Patina's GET /_apis/connectionData with a Basic PAT (SQLite) against
// a bare Node http server and a bare Fastify route that answer the very bytes Patina answered
// (recorded once from Patina), loaded by wrk with the same request and settings, alternating.
import fs from "node:fs";
import path from "node:path";
import { expectStatus, request } from "../lib/http-once.js";
import { options } from "../lib/options.js";
import { startPatina } from "../lib/patina-setup.js";
import { alternate, FIGURE_COLUMNS, figureRow, ratios, table, targetRow, two, whole } from "../lib/stats.js";
import { basicAuthorization } from "../lib/tokens.js";
import { wrkOk } from "../lib/wrk.js";
import { startProcess } from "../support.js";

const PATH = "/_apis/connectionData?api-version=7.1";
const TARGET = { atLeast: 0.8 };
// Set per response or per connection; everything else is replayed byte for byte.
const NOT_REPLAYED = new Set(["date", "connection", "keep-alive", "transfer-encoding"]);

function replayable(rawHeaders) {
  const kept = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (!NOT_REPLAYED.has(rawHeaders[i].toLowerCase())) kept.push(rawHeaders[i], rawHeaders[i + 1]);
  }
  return kept;
}

/** The replayed response must be Patina's: same status, headers (but per-response ones) and body. */
async function checkSameBytes(url, recorded, headers) {
  const replayed = await request(url, { headers });
  const comparable = (raw) => {
    const kept = replayable(raw);
    const lines = [];
    for (let i = 0; i < kept.length; i += 2) lines.push(`${kept[i].toLowerCase()}: ${kept[i + 1]}`);
    return lines.sort().join("\n");
  };
  const sameHeaders = comparable(replayed.rawHeaders) === comparable(recorded.rawHeaders);
  if (replayed.status !== recorded.status || !replayed.body.equals(recorded.body) || !sameHeaders) {
    throw new Error(`${url} does not answer Patina's recorded response`);
  }
}

/** Runs the throughput comparison and returns its Markdown section. */
export async function measureThroughput({ store, runDir, log }) {
  const authorization = basicAuthorization(store.tokens.profile);
  const headers = { Authorization: authorization };
  const patina = await startPatina(store.dataDir, path.join(runDir, "patina-throughput.log"));
  const servers = [patina];
  try {
    const recorded = await expectStatus(patina.url + PATH, 200, { headers });
    const recordFile = path.join(runDir, "connection-data-response.json");
    fs.writeFileSync(
      recordFile,
      JSON.stringify({
        status: recorded.status,
        headers: replayable(recorded.rawHeaders),
        bodyBase64: recorded.body.toString("base64"),
      }),
    );
    const bareNode = await startProcess(["bench/servers/bare-node.js", recordFile], {});
    servers.push(bareNode);
    const bareFastify = await startProcess(["bench/servers/bare-fastify.js", recordFile], {});
    servers.push(bareFastify);
    await checkSameBytes(bareNode.url + PATH, recorded, headers);
    await checkSameBytes(bareFastify.url + PATH, recorded, headers);

    const sides = {
      bareNode: () => wrkOk({ url: bareNode.url + PATH, headers }),
      bareFastify: () => wrkOk({ url: bareFastify.url + PATH, headers }),
      patina: () => wrkOk({ url: patina.url + PATH, headers }),
    };
    for (const url of [bareNode.url, bareFastify.url, patina.url]) {
      if (options.warmupSeconds > 0) await wrkOk({ url: url + PATH, headers, seconds: options.warmupSeconds });
    }
    const results = await alternate(sides, options.rounds, (line) => log(`throughput ${line}`));
    const rps = (side) => results[side].map((r) => r.rps);
    const patinaRatio = ratios(rps("patina"), rps("bareNode"));
    const fastifyRatio = ratios(rps("bareFastify"), rps("bareNode"));
    return [
      "#### Authenticated throughput",
      "",
      `\`GET /_apis/connectionData\`, Basic PAT, SQLite; the bare servers answer Patina's recorded response` +
        ` (${recorded.body.length} bytes of body, same headers). wrk, ${options.threads} thread,` +
        ` ${options.connections} connections, ${options.seconds} s per side per round, ${options.rounds} rounds, order rotating each round.`,
      "",
      table(FIGURE_COLUMNS, [
        figureRow("bare Node http, Patina's bytes (req/s)", rps("bareNode"), whole),
        figureRow("bare Fastify route, Patina's bytes (req/s)", rps("bareFastify"), whole),
        figureRow("Patina, Basic PAT, SQLite (req/s)", rps("patina"), whole),
        targetRow("Patina / bare Node", patinaRatio, two, TARGET),
        figureRow("bare Fastify / bare Node (reference)", fastifyRatio, two),
      ]),
    ].join("\n");
  } finally {
    for (const server of servers) await server.stop();
  }
}
