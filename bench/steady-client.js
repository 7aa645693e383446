// The legitimate client of the flood bench: a small Node client that sends one authenticated
// request at a time, BENCH_RATE per second for BENCH_SECONDS, from the loopback address
// BENCH_LOCAL_ADDRESS (wrk cannot choose its source address), over one keep-alive connection,
// and prints its latencies as JSON: { count, failures, statuses, p50Us, p99Us, maxUs }.
// At a low rate it costs the server and the CPUs next to nothing; the flood is wrk's job.
import http from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { quantile } from "./lib/stats.js";

const url = new URL(process.env.BENCH_URL);
const rate = Number(process.env.BENCH_RATE);
const seconds = Number(process.env.BENCH_SECONDS);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const requestOptions = {
  agent,
  localAddress: process.env.BENCH_LOCAL_ADDRESS,
  headers: { authorization: process.env.BENCH_AUTHORIZATION },
};

function once() {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const outgoing = http.get(url, requestOptions, (response) => {
      response.resume();
      response.on("end", () => resolve({ status: response.statusCode, started }));
    });
    outgoing.on("error", () => resolve({ status: 0, started }));
  });
}

const latencies = [];
const statuses = {};
const intervalMs = 1000 / rate;
const startMs = performance.now();
for (let next = startMs; next < startMs + seconds * 1000; next += intervalMs) {
  const wait = next - performance.now();
  if (wait > 0) await sleep(wait);
  const { status, started } = await once();
  latencies.push(Number(process.hrtime.bigint() - started) / 1000);
  statuses[status] = (statuses[status] ?? 0) + 1;
}
agent.destroy();
process.stdout.write(
  `${JSON.stringify({
    count: latencies.length,
    failures: latencies.length - (statuses[200] ?? 0),
    statuses,
    p50Us: quantile(latencies, 0.5),
    p99Us: quantile(latencies, 0.99),
    maxUs: Math.max(...latencies),
  })}\n`,
);
