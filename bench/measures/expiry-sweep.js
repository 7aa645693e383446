// The expiry sweep (notifications): one sweep of a store with 1,000 tokens vs 1,000,000, the same
// 100 of them ending within the 7-day window. A sweep finds the due tokens (a range read of the
// partial index on tokens.valid_to, anti-joined with the notices) and records their notices;
// the notices are deleted between sweeps (untimed), so every sweep does the same work.
import { sql } from "kysely";
import { DUE, expiryStore, SWEEP_NOW } from "../lib/expiry-seed.js";
import { options, postgresWanted } from "../lib/options.js";
import { sweepExpiringTokens } from "../lib/patina-internals.js";
import { alternate, FIGURE_COLUMNS, figureRow, ratios, table, targetRow, two, whole } from "../lib/stats.js";

const SWEEPS_PER_ROUND = 20;
const SIZE_TARGET = { atMost: 1.5 };

/** Median ms of SWEEPS_PER_ROUND sweeps of one store. */
async function timedSweeps(store) {
  const times = [];
  for (let i = 0; i < SWEEPS_PER_ROUND; i++) {
    const started = performance.now();
    const due = await sweepExpiringTokens(store.db, SWEEP_NOW, [7]);
    times.push(performance.now() - started);
    if (due !== DUE) throw new Error(`the sweep found ${due} due tokens, expected ${DUE}`);
    await sql`delete from notices`.execute(store.db);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)] };
}

async function compare(dialect, log) {
  const small = await expiryStore(dialect, options.smallTokens, log);
  const large = await expiryStore(dialect, options.largeTokens, log);
  try {
    await timedSweeps(small);
    await timedSweeps(large);
    const results = await alternate(
      { small: () => timedSweeps(small), large: () => timedSweeps(large) },
      options.rounds,
      (line) => log(`expiry ${dialect} ${line}`),
    );
    const ms = (side) => results[side].map((r) => r.ms);
    return [
      figureRow(`expiry sweep, ${dialect}, ${whole(small.tokens)} tokens: ms per sweep`, ms("small"), two),
      figureRow(`expiry sweep, ${dialect}, ${whole(large.tokens)} tokens: ms per sweep`, ms("large"), two),
      targetRow(
        `sweep time ${whole(large.tokens)} / ${whole(small.tokens)} tokens, ${dialect}`,
        ratios(ms("large"), ms("small")),
        two,
        SIZE_TARGET,
      ),
    ];
  } finally {
    await small.close();
    await large.close();
  }
}

/** Runs the expiry-sweep comparison and returns its Markdown section. */
export async function measureExpirySweep({ log }) {
  const rows = await compare("sqlite", log);
  if (postgresWanted()) rows.push(...(await compare("postgres", log)));
  return [
    "#### Expiry sweep (notifications)",
    "",
    `One sweep for the 7-day notice, ${DUE} tokens due in every store; the median of ${SWEEPS_PER_ROUND} sweeps per` +
      ` round, ${options.rounds} alternating rounds.`,
    "",
    table(FIGURE_COLUMNS, rows),
  ].join("\n");
}
