// Seeded stores for the cold-verification bench: N tokens owned by a fixed number of users.
// One user, organization and template token are made through the CLI (so every column holds
// what Patina itself writes), then copied N-1 times in one transaction with computed keyed
// hashes. Token i's value is derived from the store's seed tag (bench/lib/tokens.js), so no list
// of secrets is kept. Stores are cached under BENCH_DATA_DIR/stores/, keyed by dialect, size
// and schema version, and reused when a sample of their tokens still verifies.
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { options } from "./options.js";
import {
  hintOf,
  openColdVerifier,
  SEED_TABLES,
  schemaVersion,
  sqliteFileOf,
  tokenHasherFor,
} from "./patina-internals.js";
import { createToken, patinaCli, storeEnv } from "./patina-setup.js";
import { postgresWriter, sqliteWriter } from "./table-writer.js";
import { derivedToken } from "./tokens.js";

/** Bump when the way stores are seeded changes, so cached stores are seeded again. */
const SEED_FORMAT = 1;
const BATCH = 10_000;

function postgresDatabaseUrl(name) {
  const url = new URL(options.postgresUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function recreatePostgresDatabase(name) {
  const admin = new pg.Client({ connectionString: options.postgresUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
}

/** A row's values in `columns` order, with some columns replaced. */
function copyOf(template, columns, overrides) {
  return columns.map((column) => (column in overrides ? overrides[column] : template[column]));
}

async function seed(store, log) {
  const env = storeEnv(store.dataDir, store.databaseUrl);
  patinaCli(["user", "add", "seed0", "--email", "seed0@example.com"], env);
  patinaCli(["org", "add", "seed", "--owner", "seed0"], env);
  createToken(env, { user: "seed0", org: "seed", name: "template", scope: "vso.profile", days: 365 });
  const hash = tokenHasherFor(store.dataDir);
  const writer =
    store.databaseUrl === undefined
      ? sqliteWriter(sqliteFileOf(store.dataDir))
      : await postgresWriter(store.databaseUrl);
  const { users, memberships, tokens, secrets } = SEED_TABLES;
  try {
    const [user] = await writer.template(users.table, users.username, "seed0");
    const [membership] = await writer.template(memberships.table, memberships.user, user[users.key]);
    const [token] = await writer.template(tokens.table, tokens.user, user[users.key]);
    const [secret] = await writer.template(secrets.table, secrets.token, token[tokens.key]);
    const columnsOf = (row) => Object.keys(row);
    await writer.begin();
    const userIds = [user[users.key]];
    const userRows = [];
    const membershipRows = [];
    for (let k = 1; k < options.seedUsers; k++) {
      const id = randomUUID();
      userIds.push(id);
      userRows.push(copyOf(user, columnsOf(user), { [users.key]: id, [users.username]: `seed${k}` }));
      membershipRows.push(copyOf(membership, columnsOf(membership), { [memberships.user]: id }));
    }
    await writer.insert(users.table, columnsOf(user), userRows);
    await writer.insert(memberships.table, columnsOf(membership), membershipRows);
    for (let start = 1; start < store.tokens; start += BATCH) {
      const tokenRows = [];
      const secretRows = [];
      for (let i = start; i < Math.min(start + BATCH, store.tokens); i++) {
        const value = derivedToken(store.seedTag, i);
        const id = randomUUID();
        tokenRows.push(
          copyOf(token, columnsOf(token), {
            [tokens.key]: id,
            [tokens.user]: userIds[i % userIds.length],
            [tokens.name]: `seeded ${i}`,
            [tokens.hint]: hintOf(value),
          }),
        );
        secretRows.push(copyOf(secret, columnsOf(secret), { [secrets.key]: hash(value), [secrets.token]: id }));
      }
      await writer.insert(tokens.table, columnsOf(token), tokenRows);
      await writer.insert(secrets.table, columnsOf(secret), secretRows);
      if ((start - 1) % 100_000 === 0) log(`seeding ${store.name}: ${start - 1} tokens`);
    }
    await writer.commit();
  } finally {
    await writer.close();
  }
}

/** Some token values of the store, drawn at random (with repetition) from tokens 1…N-1. */
export function sampleTokens(store, count) {
  return Array.from({ length: count }, () =>
    derivedToken(store.seedTag, 1 + Math.floor(Math.random() * (store.tokens - 1))),
  );
}

async function stillVerifies(store) {
  const verifier = await openColdVerifier(store).catch(() => undefined);
  if (verifier === undefined) return false;
  try {
    for (const token of sampleTokens(store, 3)) if (!(await verifier.verify(token))) return false;
    return true;
  } finally {
    await verifier.close();
  }
}

/**
 * A store of `tokens` tokens on `dialect` ("sqlite" or "postgres"): from the cache when it still
 * verifies, otherwise seeded now. Returns { name, dataDir, databaseUrl, seedTag, tokens, seeded }.
 */
export async function seededStore(dialect, tokens, log) {
  const name = `${dialect}_${tokens}_${schemaVersion()}_v${SEED_FORMAT}`;
  const dataDir = path.join(options.dataDir, "stores", name);
  const databaseUrl = dialect === "postgres" ? postgresDatabaseUrl(`patina_bench_${name}`) : undefined;
  const readyFile = path.join(dataDir, "ready.json");
  if (fs.existsSync(readyFile)) {
    const store = { name, dataDir, databaseUrl, ...JSON.parse(fs.readFileSync(readyFile, "utf8")) };
    if (await stillVerifies(store)) return { ...store, seeded: false };
    log(`${name}: cached store no longer verifies, seeding again`);
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  if (databaseUrl !== undefined) await recreatePostgresDatabase(`patina_bench_${name}`);
  const store = { name, dataDir, databaseUrl, tokens, seedTag: randomBytes(12).toString("hex") };
  const started = performance.now();
  await seed(store, log);
  const seconds = (performance.now() - started) / 1000;
  log(`seeded ${name} in ${seconds.toFixed(1)} s`);
  fs.writeFileSync(readyFile, JSON.stringify({ tokens, seedTag: store.seedTag, seedSeconds: seconds }));
  return { ...store, seedSeconds: seconds, seeded: true };
}
