// `npm run bench`: Patina's hot-path benchmarks, each comparison run in one process run with both
// sides alternating for several rounds, reporting per-round figures, the median ratio and its
// target. Prints a Markdown section for docs/benchmarks.md (progress goes to stderr) and keeps
// a copy in BENCH_DATA_DIR/last-run.md. Measures and settings: see docs/benchmarks.md.
// Timings on a shared machine are noisy: read the ratios, never absolute numbers alone.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describeMachine } from "./lib/machine.js";
import { options } from "./lib/options.js";
import { prepareServerStore } from "./lib/patina-setup.js";
import { measureAuditPages } from "./measures/audit-page.js";
import { measureColdVerification } from "./measures/cold-verify.js";
import { measureExpirySweep } from "./measures/expiry-sweep.js";
import { measureFlood } from "./measures/flood.js";
import { measureIntrospection } from "./measures/introspection.js";
import { measurePolicies } from "./measures/policies.js";
import { measureThroughput } from "./measures/throughput.js";

const MEASURES = {
  throughput: measureThroughput,
  cold: measureColdVerification,
  introspection: measureIntrospection,
  flood: measureFlood,
  expiry: measureExpirySweep,
  audit: measureAuditPages,
  policies: measurePolicies,
};

function log(line) {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

async function main() {
  const machine = await describeMachine();
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), "patina-bench-run-"));
  // The HTTP measures share one store made through the CLI; the in-process measures make their own.
  const ownStores = ["cold", "expiry", "audit", "policies"];
  const store = options.only.some((name) => !ownStores.includes(name)) ? prepareServerStore() : undefined;
  const sections = [];
  try {
    for (const name of options.only) {
      log(`${name}…`);
      sections.push(await MEASURES[name]({ store, runDir, log }));
    }
  } finally {
    if (store !== undefined) fs.rmSync(store.dataDir, { recursive: true, force: true });
    fs.rmSync(runDir, { recursive: true, force: true });
  }
  const report = [
    `### ${new Date().toISOString().slice(0, 10)} — \`npm run bench\``,
    "",
    machine,
    "",
    sections.join("\n\n"),
    "",
  ].join("\n");
  fs.mkdirSync(options.dataDir, { recursive: true });
  fs.writeFileSync(path.join(options.dataDir, "last-run.md"), report);
  process.stdout.write(report);
}

await main();
