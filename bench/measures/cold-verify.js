// Cold verification: Patina's verifier with the token cache off, in process, on random tokens of
// a small and a large store (SQLite, then PostgreSQL), and a raw better-sqlite3 prepared point
// lookup of the same rows (keyed hash included) as the floor for SQLite. Sides alternate.
import fs from "node:fs";
import SqliteDatabase from "better-sqlite3";
import { options, postgresWanted } from "../lib/options.js";
import { openColdVerifier, RAW_LOOKUP_SQL, sqliteFileOf, tokenHasherFor } from "../lib/patina-internals.js";
import { sampleTokens, seededStore } from "../lib/seed.js";
import { alternate, FIGURE_COLUMNS, figureRow, ratios, table, targetRow, two, whole } from "../lib/stats.js";

const SAMPLE = 50_000;
const SIZE_TARGET = { atMost: 1.2 };
const FLOOR_TARGET = { atLeast: 0.5 };

/** Verifies tokens one after the other for `seconds`; returns verifications/s and µs each. */
async function timed(verifyOne, tokens, seconds) {
  const deadline = performance.now() + seconds * 1000;
  let offset = Math.floor(Math.random() * tokens.length);
  let count = 0;
  const started = performance.now();
  while (true) {
    if (!(await verifyOne(tokens[offset]))) throw new Error("a seeded token did not verify");
    offset = (offset + 1) % tokens.length;
    count++;
    if ((count & 63) === 0 && performance.now() >= deadline) break;
  }
  const elapsedMs = performance.now() - started;
  return { rate: count / (elapsedMs / 1000), latencyUs: (elapsedMs * 1000) / count };
}

/** The raw lookup: keyed hash, then two prepared statements, synchronously. */
function rawLookup(store) {
  const db = new SqliteDatabase(sqliteFileOf(store.dataDir), { readonly: true, fileMustExist: true });
  for (const pragma of RAW_LOOKUP_SQL.pragmas) db.pragma(pragma);
  const tokenRow = db.prepare(RAW_LOOKUP_SQL.token);
  const memberships = db.prepare(RAW_LOOKUP_SQL.memberships);
  const hash = tokenHasherFor(store.dataDir);
  return {
    verify: (token) => {
      const row = tokenRow.get(hash(token));
      if (row === undefined) return false;
      memberships.all(row.user_id);
      return row.revoked_at === null;
    },
    close: async () => db.close(),
  };
}

function sqliteMegabytes(store) {
  return (fs.statSync(sqliteFileOf(store.dataDir)).size / 2 ** 20).toFixed(0);
}

async function compare(dialect, log) {
  const small = await seededStore(dialect, options.smallTokens, log);
  const large = await seededStore(dialect, options.largeTokens, log);
  const open = [];
  // Patina and the raw lookup verify the very same random tokens of each store.
  const samples = new Map([small, large].map((store) => [store, sampleTokens(store, SAMPLE)]));
  const sideOf = async (name, store, opener) => {
    const verifier = await opener(store);
    open.push(verifier);
    const tokens = samples.get(store);
    await timed(verifier.verify, tokens, Math.max(0.5, options.warmupSeconds / 2));
    return [name, () => timed(verifier.verify, tokens, options.verifySeconds)];
  };
  try {
    const sides = [
      await sideOf("patinaSmall", small, openColdVerifier),
      await sideOf("patinaLarge", large, openColdVerifier),
    ];
    if (dialect === "sqlite") {
      sides.push(await sideOf("rawSmall", small, rawLookup), await sideOf("rawLarge", large, rawLookup));
    }
    const results = await alternate(Object.fromEntries(sides), options.rounds, (line) =>
      log(`cold ${dialect} ${line}`),
    );
    return { small, large, results };
  } finally {
    for (const verifier of open) await verifier.close();
  }
}

function rows(label, { small, large, results }) {
  const latency = (side) => results[side].map((r) => r.latencyUs);
  const rate = (side) => results[side].map((r) => r.rate);
  const sizeRatios = ratios(latency("patinaLarge"), latency("patinaSmall"));
  const out = [
    figureRow(
      `Patina verify(), ${label}, ${whole(small.tokens)} tokens: µs per verification`,
      latency("patinaSmall"),
      (v) => v.toFixed(1),
    ),
    figureRow(
      `Patina verify(), ${label}, ${whole(large.tokens)} tokens: µs per verification`,
      latency("patinaLarge"),
      (v) => v.toFixed(1),
    ),
    targetRow(`latency ${whole(large.tokens)} / ${whole(small.tokens)} tokens, ${label}`, sizeRatios, two, SIZE_TARGET),
  ];
  if (results.rawLarge === undefined) return out;
  for (const [size, store] of [
    ["Small", small],
    ["Large", large],
  ]) {
    const floor = ratios(rate(`patina${size}`), rate(`raw${size}`));
    out.push(
      figureRow(`raw better-sqlite3 lookup, ${whole(store.tokens)} tokens: verifications/s`, rate(`raw${size}`), whole),
      targetRow(`Patina / raw lookup rate, ${whole(store.tokens)} tokens`, floor, two, FLOOR_TARGET),
    );
  }
  return out;
}

/** Runs the cold-verification comparisons and returns their Markdown section. */
export async function measureColdVerification({ log }) {
  const sqlite = await compare("sqlite", log);
  const tableRows = rows("SQLite", sqlite);
  const notes = [
    `SQLite store files: ${sqliteMegabytes(sqlite.small)} MiB and ${sqliteMegabytes(sqlite.large)} MiB` +
      ` (${sqlite.large.seeded ? `seeded in this run in ${sqlite.large.seedSeconds.toFixed(0)} s` : "reused from the bench data directory"}).`,
  ];
  if (postgresWanted()) {
    const postgres = await compare("postgres", log);
    tableRows.push(...rows("PostgreSQL", postgres));
    if (postgres.large.seeded)
      notes.push(`PostgreSQL large store seeded in this run in ${postgres.large.seedSeconds.toFixed(0)} s.`);
  }
  return [
    "#### Cold verification (token cache off, in process)",
    "",
    `Random tokens of each store, one verification after another, ${options.verifySeconds} s per side per round,` +
      ` ${options.rounds} alternating rounds; ${options.seedUsers} users own the tokens in every store.`,
    "",
    table(FIGURE_COLUMNS, tableRows),
    "",
    ...notes,
  ].join("\n");
}
