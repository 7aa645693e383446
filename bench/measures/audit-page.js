// Audit pages at scale: one page of an organization's audit log (the first, and a deep one
// reached through a continuation token from the middle of the log) on a store of
// BENCH_LARGE_AUDIT events against one of BENCH_SMALL_AUDIT, in process through the same reader
// the API uses. Keyset paging on (org_id, seq) means the deep page costs what the first does.

import { seededAuditStore } from "../lib/audit-seed.js";
import { options, postgresWanted } from "../lib/options.js";
import { openAuditPager } from "../lib/patina-internals.js";
import { alternate, FIGURE_COLUMNS, figureRow, ratios, table, targetRow, two, whole } from "../lib/stats.js";

const PAGE = 200;
const TARGET = { atMost: 1.5 };

/** Reads one page again and again for `seconds`; returns ms per page. */
async function timed(readPage, seconds) {
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  let count = 0;
  do {
    const page = await readPage();
    if (page === undefined || page.decoratedAuditLogEntries.length !== PAGE)
      throw new Error("an audit page came back short");
    count++;
  } while (performance.now() < deadline);
  return (performance.now() - started) / count;
}

async function sidesOf(label, store, open) {
  const pager = await openAuditPager(store);
  open.push(pager);
  const events = await pager.db
    .selectFrom("auditEvents")
    .select("seq")
    .where("orgId", "=", store.orgId)
    .orderBy("seq")
    .offset(Math.floor((store.events * 0.9) / 2))
    .limit(1)
    .executeTakeFirstOrThrow();
  const deepToken = pager.tokenBelow(store.orgId, events.seq);
  const first = () => pager.page(store.orgId, PAGE);
  const deep = () => pager.page(store.orgId, PAGE, deepToken);
  await timed(first, Math.max(0.5, options.warmupSeconds / 2));
  await timed(deep, Math.max(0.5, options.warmupSeconds / 2));
  return [
    [`${label}First`, () => timed(first, options.verifySeconds)],
    [`${label}Deep`, () => timed(deep, options.verifySeconds)],
  ];
}

async function compare(dialect, log) {
  const small = await seededAuditStore(dialect, options.smallAudit, log);
  const large = await seededAuditStore(dialect, options.largeAudit, log);
  const open = [];
  try {
    const sides = [...(await sidesOf("small", small, open)), ...(await sidesOf("large", large, open))];
    const results = await alternate(Object.fromEntries(sides), options.rounds, (line) =>
      log(`audit ${dialect} ${line}`),
    );
    const ms = (v) => v.toFixed(2);
    return [
      figureRow(`first page, ${dialect}, ${whole(small.events)} events: ms`, results.smallFirst, ms),
      figureRow(`first page, ${dialect}, ${whole(large.events)} events: ms`, results.largeFirst, ms),
      targetRow(
        `first page ${whole(large.events)} / ${whole(small.events)} events, ${dialect}`,
        ratios(results.largeFirst, results.smallFirst),
        two,
        TARGET,
      ),
      figureRow(
        `deep page (continuation from the middle), ${dialect}, ${whole(small.events)} events: ms`,
        results.smallDeep,
        ms,
      ),
      figureRow(
        `deep page (continuation from the middle), ${dialect}, ${whole(large.events)} events: ms`,
        results.largeDeep,
        ms,
      ),
      targetRow(
        `deep page ${whole(large.events)} / ${whole(small.events)} events, ${dialect}`,
        ratios(results.largeDeep, results.smallDeep),
        two,
        TARGET,
      ),
    ];
  } finally {
    for (const pager of open) await pager.close();
  }
}

/** Runs the audit page comparison and returns its Markdown section. */
export async function measureAuditPages({ log }) {
  const rows = await compare("sqlite", log);
  if (postgresWanted()) rows.push(...(await compare("postgres", log)));
  return [
    "#### Audit log pages (in process)",
    "",
    `One page of ${PAGE} entries of an organization's log (nine in ten events are its own), ${options.verifySeconds} s per side per round, ${options.rounds} alternating rounds.`,
    "",
    table(FIGURE_COLUMNS, rows),
  ].join("\n");
}
