// Verification with policies enabled vs without: Patina's authentication step in process, on a
// cached global token (the hot path), once on a store with no policy and once on a store whose
// policies apply at use (every rule evaluated, every call admitted). Sides alternate each round.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { options } from "../lib/options.js";
import { openPolicyAuthenticator } from "../lib/patina-internals.js";
import { alternate, FIGURE_COLUMNS, figureRow, ratios, table, targetRow, two } from "../lib/stats.js";

const TARGET = { atMost: 1.05 };

/** Authenticates for `seconds`; returns µs per authentication. */
function timed(side, seconds) {
  const deadline = performance.now() + seconds * 1000;
  let count = 0;
  const started = performance.now();
  while (true) {
    const outcome = side.authenticate();
    if (outcome instanceof Promise || !outcome.ok)
      throw new Error("a bench authentication was not admitted from the cache");
    count++;
    if ((count & 1023) === 0 && performance.now() >= deadline) break;
  }
  return { latencyUs: ((performance.now() - started) * 1000) / count };
}

/** Runs the comparison and returns its Markdown section. */
export async function measurePolicies({ log }) {
  const dirs = [0, 1].map(() => fs.mkdtempSync(path.join(os.tmpdir(), "patina-bench-policies-")));
  const without = await openPolicyAuthenticator({ dataDir: dirs[0], withPolicies: false });
  const withPolicies = await openPolicyAuthenticator({ dataDir: dirs[1], withPolicies: true });
  try {
    if (without.atUseActive() || !withPolicies.atUseActive())
      throw new Error("the policy sides are not set up as intended");
    // The first call of each reads the store (a promise on a miss is fine here); then warm up.
    for (const side of [without, withPolicies]) {
      await side.authenticate();
      timed(side, Math.max(0.5, options.warmupSeconds / 2));
    }
    const results = await alternate(
      {
        without: async () => timed(without, options.verifySeconds),
        withPolicies: async () => timed(withPolicies, options.verifySeconds),
      },
      options.rounds,
      (line) => log(`policies ${line}`),
    );
    const latency = (side) => results[side].map((r) => r.latencyUs);
    const rows = [
      figureRow("authentication, no policy: µs per request", latency("without"), (v) => v.toFixed(3)),
      figureRow("authentication, policies at use: µs per request", latency("withPolicies"), (v) => v.toFixed(3)),
      targetRow("with / without policies", ratios(latency("withPolicies"), latency("without")), two, TARGET),
    ];
    return [
      "#### Verification with policies (cached token, in process)",
      "",
      `One global token, cached; the authentication step for \`GET /acme/_apis/connectionData\`, ${options.verifySeconds} s per side per round,` +
        ` ${options.rounds} alternating rounds. With policies: retirement of global tokens (a date ahead), the maximum lifespan enforced at use, and acme's allow list.`,
      "",
      table(FIGURE_COLUMNS, rows),
    ].join("\n");
  } finally {
    await without.close();
    await withPolicies.close();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  }
}
