// The benchmarks' settings, from BENCH_* environment variables (documented in docs/benchmarks.md).
// Read once here so every measure runs with the same settings and the report can print them.
import path from "node:path";
import { root } from "../support.js";

function integer(name, fallback, min = 1) {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min) throw new Error(`${name} must be a whole number ≥ ${min}, got "${raw}"`);
  return Number(raw);
}

/** Every measure `npm run bench` knows, in the order it runs them. */
export const MEASURES = ["throughput", "cold", "introspection", "flood", "expiry", "audit", "policies"];

function selectedMeasures() {
  const raw = process.env.BENCH_ONLY;
  if (raw === undefined || raw.trim() === "") return MEASURES;
  const chosen = raw.split(",").map((name) => name.trim());
  const unknown = chosen.filter((name) => !MEASURES.includes(name));
  if (unknown.length > 0) throw new Error(`BENCH_ONLY: unknown measure(s) ${unknown.join(", ")}; use ${MEASURES}`);
  return MEASURES.filter((name) => chosen.includes(name));
}

/** The settings of this run. */
export const options = Object.freeze({
  only: selectedMeasures(),
  /** Seconds of wrk load per side per round. */
  seconds: integer("BENCH_SECONDS", 5),
  /** Alternating rounds per comparison. */
  rounds: integer("BENCH_ROUNDS", 5),
  /** Seconds of unmeasured load per side before the first round (JIT, caches, pools). */
  warmupSeconds: integer("BENCH_WARMUP_SECONDS", 2, 0),
  connections: integer("BENCH_CONNECTIONS", 20),
  threads: integer("BENCH_THREADS", 1),
  /** Seconds of in-process verification per side per round (cold verification). */
  verifySeconds: integer("BENCH_VERIFY_SECONDS", 2),
  smallTokens: integer("BENCH_SMALL_TOKENS", 1_000, 2),
  largeTokens: integer("BENCH_LARGE_TOKENS", 1_000_000, 2),
  /** Audit events in the small and large stores of the audit page bench. */
  smallAudit: integer("BENCH_SMALL_AUDIT", 1_000, 10),
  largeAudit: integer("BENCH_LARGE_AUDIT", 1_000_000, 10),
  /** Users owning the seeded tokens (the same number in both stores, so only the token count differs). */
  seedUsers: integer("BENCH_SEED_USERS", 100),
  /** An existing PostgreSQL database to connect to for creating the bench databases; "none" skips PostgreSQL. */
  postgresUrl: process.env.BENCH_POSTGRES_URL || "postgres://postgres@127.0.0.1:5432/test",
  /** Seeded stores, their secrets and the last report live here, keyed by schema version. */
  dataDir: path.resolve(process.env.BENCH_DATA_DIR || path.join(root, ".bench-data")),
  /** Distinct forged tokens wrk cycles through in the flood. */
  forgedTokens: integer("BENCH_FORGED_TOKENS", 200_000),
  /** Requests per second of the legitimate client during a flood. */
  legitRate: integer("BENCH_LEGIT_RPS", 50),
});

/** True when PostgreSQL figures are wanted. */
export function postgresWanted() {
  return options.postgresUrl !== "none";
}
