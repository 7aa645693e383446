// Seeded stores for the audit page bench: N audit events, nine in ten in the measured
// organization and one in ten in another (so the organization filter has something to skip).
// The organizations and their first events are made through the CLI; the rest are copies of
// one of those rows, bulk-inserted with their own ids, chain positions and increasing
// timestamps (the hashes are not a valid chain: pages never read them). Cached like the token
// stores (BENCH_DATA_DIR/stores/), keyed by dialect, size and schema version.
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { options } from "./options.js";
import { AUDIT_SEED_TABLE, schemaVersion, sqliteFileOf } from "./patina-internals.js";
import { patinaCli, storeEnv } from "./patina-setup.js";
import { postgresWriter, sqliteWriter } from "./table-writer.js";

const SEED_FORMAT = 1;
const BATCH = 10_000;

async function recreatePostgresDatabase(url, name) {
  const admin = new pg.Client({ connectionString: options.postgresUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  return url;
}

async function seed(store, log) {
  const env = storeEnv(store.dataDir, store.databaseUrl);
  patinaCli(["user", "add", "auditor", "--email", "auditor@example.com"], env);
  patinaCli(["org", "add", "measured", "--owner", "auditor"], env);
  patinaCli(["org", "add", "noise", "--owner", "auditor"], env);
  const writer =
    store.databaseUrl === undefined
      ? sqliteWriter(sqliteFileOf(store.dataDir))
      : await postgresWriter(store.databaseUrl);
  const { table, generated, overrides: o } = AUDIT_SEED_TABLE;
  try {
    const templates = await writer.template(table, "event_type", "Organization.CreateEvent");
    const [measured, noise] = ["measured", "noise"].map((name) =>
      templates.find((row) => JSON.parse(row.details).name === name),
    );
    const columns = Object.keys(measured).filter((column) => column !== generated);
    const start = Date.parse(measured.timestamp);
    await writer.begin();
    for (let first = 0; first < store.events; first += BATCH) {
      const rows = [];
      for (let i = first; i < Math.min(first + BATCH, store.events); i++) {
        const template = i % 10 === 9 ? noise : measured;
        const values = {
          [o.id]: `evt_bench${i}`,
          [o.position]: 1000 + i,
          [o.time]: new Date(start + 1000 + i).toISOString(),
          [o.hash]: "0".repeat(64),
        };
        rows.push(columns.map((column) => (column in values ? values[column] : template[column])));
      }
      await writer.insert(table, columns, rows);
      if (first % 200_000 === 0) log(`seeding ${store.name}: ${first} events`);
    }
    await writer.commit();
    return measured[o.org];
  } finally {
    await writer.close();
  }
}

/** A store with `events` audit events on `dialect`: cached, or seeded now. Returns { dataDir, databaseUrl, orgId, events, … }. */
export async function seededAuditStore(dialect, events, log) {
  const name = `audit_${dialect}_${events}_${schemaVersion()}_v${SEED_FORMAT}`;
  const dataDir = path.join(options.dataDir, "stores", name);
  const dbName = `patina_bench_${name}`;
  const url = new URL(options.postgresUrl);
  url.pathname = `/${dbName}`;
  const databaseUrl = dialect === "postgres" ? url.toString() : undefined;
  const readyFile = path.join(dataDir, "ready.json");
  if (fs.existsSync(readyFile))
    return { name, dataDir, databaseUrl, ...JSON.parse(fs.readFileSync(readyFile, "utf8")), seeded: false };
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  if (databaseUrl !== undefined) await recreatePostgresDatabase(databaseUrl, dbName);
  const store = { name, dataDir, databaseUrl, events };
  const started = performance.now();
  const orgId = await seed(store, log);
  const seedSeconds = (performance.now() - started) / 1000;
  log(`seeded ${name} in ${seedSeconds.toFixed(1)} s`);
  fs.writeFileSync(readyFile, JSON.stringify({ events, orgId, seedSeconds }));
  return { ...store, orgId, seedSeconds, seeded: true };
}
