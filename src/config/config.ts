/**
 * The one validated configuration. Read from environment variables once, at start, by the
 * entry points (server and CLI); nothing else reads process.env. A bad value stops the process
 * with a message naming the variable.
 */

import os from "node:os";
import path from "node:path";
import { parseExpiryDays } from "../domain/notice-rules.js";
import { DEFAULT_TOKEN_PREFIX, MAX_TOKEN_PREFIX_LENGTH, TOKEN_PREFIX_PATTERN } from "../domain/token-format.js";
import type { ForwardAuthRule } from "../forward-auth/rules.js";
import { loadForwardAuthRules } from "../forward-auth/rules-file.js";
import { repositoriesRoot } from "../git/paths.js";
import { type OidcConfig, readOidcConfig } from "./oidc-config.js";
import { parseTrustedProxies } from "./trusted-proxies.js";

export interface PatinaConfig {
  readonly port: number;
  readonly host: string;
  /** Absolute path of the data directory (SQLite file, secret, repositories, outbox). */
  readonly dataDir: string;
  /** Absolute path of the folder of bare repositories (PATINA_REPOS_DIR; `<dataDir>/repos` by default): shared by every instance. */
  readonly reposDir: string;
  /** `postgres://…` to use PostgreSQL; undefined means SQLite in the data directory. */
  readonly databaseUrl: string | undefined;
  /** The URL users reach Patina at; defaults to http://host:port. */
  readonly publicUrl: string;
  /** The server secret (pepper) for token hashes; undefined means generated into the data dir. */
  readonly secret: string | undefined;
  /**
   * The secret being rotated away from (PATINA_PREVIOUS_SECRET): a token whose hash was made with
   * it still verifies, once, and is re-hashed with the current secret (docs/deployment.md).
   */
  readonly previousSecret: string | undefined;
  readonly smtpUrl: string | undefined;
  /** The From of every notice (PATINA_MAIL_FROM): `Name <address>` or an address. */
  readonly mailFrom: string;
  /** Days before validTo at which the owner is warned (PATINA_EXPIRY_NOTICE_DAYS), largest first. */
  readonly expiryNoticeDays: readonly number[];
  /** Whether this process runs the scheduled jobs (PATINA_JOBS=on|off; on by default). */
  readonly jobsEnabled: boolean;
  readonly tokenPrefix: string;
  readonly logLevel: string;
  /** How long a verified token stays in the in-process cache (ms): the bound on cross-process revocation. */
  readonly tokenCacheTtlMs: number;
  /** How often batched usage data (last used, client IPs) is written (ms). */
  readonly usageFlushIntervalMs: number;
  /** Forward-auth rules from the PATINA_FORWARD_AUTH_RULES file; none when unset (every request is denied). */
  readonly forwardAuthRules: readonly ForwardAuthRule[];
  /** Addresses and CIDR ranges of reverse proxies whose X-Forwarded-For is believed (PATINA_TRUST_PROXY); none by default. */
  readonly trustProxy: readonly string[];
  /** Most `git http-backend` processes this process runs at once; beyond it git requests get 503. */
  readonly gitMaxProcesses: number;
  /** How long a git request may wait for a free backend before its 503 (ms); 0 refuses at once. */
  readonly gitQueueTimeoutMs: number;
  /** A git transfer that moves no byte either way for this long is cut and its backend ended (ms). */
  readonly gitIdleTimeoutMs: number;
  /** How long a stopping server lets in-flight requests (git transfers included) finish before cutting them (ms). */
  readonly shutdownTimeoutMs: number;
  /** `GET /metrics` (PATINA_METRICS): `off` (404), `open` (no credential) or `token` (an instance administrator's token with patina.metrics). */
  readonly metrics: MetricsMode;
  /** The name authenticators show for Patina when a passkey is created (PATINA_WEBAUTHN_RP_NAME). */
  readonly webauthnRpName: string;
  /** Minutes a web session's last sign-in (or step-up) counts as recent for sensitive actions (PATINA_STEP_UP_MINUTES). */
  readonly stepUpMinutes: number;
  /** Single sign-on with an OpenID Connect provider (PATINA_OIDC_*); null when not configured. */
  readonly oidc: OidcConfig | null;
}

/** How `GET /metrics` is offered. */
export type MetricsMode = "off" | "open" | "token";

const METRICS_MODES: readonly MetricsMode[] = ["off", "open", "token"];

function readMetricsMode(env: Env): MetricsMode {
  const raw = env.PATINA_METRICS || "token";
  const mode = METRICS_MODES.find((known) => known === raw);
  if (mode === undefined) throw new ConfigError(`PATINA_METRICS must be one of ${METRICS_MODES.join(", ")}.`);
  return mode;
}

/** Thrown for an invalid configuration value; the message names the variable. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

type Env = Readonly<Record<string, string | undefined>>;

function readInteger(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}".`);
  }
  return Number(raw);
}

function readUrl(env: Env, name: string, protocols: readonly string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === "") return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be a URL, got an unparseable value.`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(`${name} must start with ${protocols.map((p) => `${p}//`).join(" or ")}.`);
  }
  return raw;
}

/** `Name <user@host>` or `user@host`, on one line. */
const MAIL_FROM_PATTERN = /^(?:[^<>\r\n]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/;

function readMailFrom(env: Env): string {
  const raw = env.PATINA_MAIL_FROM;
  if (raw === undefined || raw === "") return "Patina <patina@localhost>";
  if (!MAIL_FROM_PATTERN.test(raw.trim())) {
    throw new ConfigError('PATINA_MAIL_FROM must be an address or "Name <address>", on one line.');
  }
  return raw.trim();
}

function readExpiryDays(env: Env): number[] {
  const parsed = parseExpiryDays(env.PATINA_EXPIRY_NOTICE_DAYS || "7");
  if (!parsed.ok) throw new ConfigError(`PATINA_EXPIRY_NOTICE_DAYS ${parsed.message}.`);
  return parsed.days;
}

function readSwitch(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (raw !== "on" && raw !== "off") throw new ConfigError(`${name} must be on or off, got "${raw}".`);
  return raw === "on";
}

function readSecret(env: Env, name: string): string | undefined {
  const secret = env[name] || undefined;
  if (secret !== undefined && secret.length < 32) {
    throw new ConfigError(`${name} must be at least 32 characters (use 32 random bytes, hex or base64).`);
  }
  return secret;
}

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

/** Parses and validates the configuration from an environment. */
export function loadConfig(env: Env, cwd: string = process.cwd()): PatinaConfig {
  const port = readInteger(env, "PATINA_PORT", 8080, 0, 65535);
  const host = env.PATINA_HOST || "127.0.0.1";
  const dataDir = path.resolve(cwd, env.PATINA_DATA_DIR || "data");
  const databaseUrl = readUrl(env, "PATINA_DATABASE_URL", ["postgres:", "postgresql:"]);
  const publicUrl = (
    readUrl(env, "PATINA_PUBLIC_URL", ["http:", "https:"]) ??
    `http://${host.includes(":") ? `[${host}]` : host}:${port}`
  ).replace(/\/+$/, "");
  const secret = readSecret(env, "PATINA_SECRET");
  const previousSecret = readSecret(env, "PATINA_PREVIOUS_SECRET");
  if (previousSecret !== undefined && previousSecret === secret) {
    throw new ConfigError("PATINA_PREVIOUS_SECRET must differ from PATINA_SECRET (it is the secret being replaced).");
  }
  const smtpUrl = readUrl(env, "PATINA_SMTP_URL", ["smtp:", "smtps:"]);
  const tokenPrefix = readTokenPrefix(env);
  const logLevel = env.PATINA_LOG_LEVEL || "info";
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`PATINA_LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}.`);
  }
  const forwardAuthRules = loadForwardAuthRules(env.PATINA_FORWARD_AUTH_RULES, cwd);
  if (!forwardAuthRules.ok) throw new ConfigError(`PATINA_FORWARD_AUTH_RULES: ${forwardAuthRules.message}`);
  const trustProxy = parseTrustedProxies(env.PATINA_TRUST_PROXY);
  if (!trustProxy.ok) throw new ConfigError(`PATINA_TRUST_PROXY: ${trustProxy.message}`);
  return Object.freeze({
    port,
    host,
    dataDir,
    // Several instances serve the same repositories: the folder must then be on a shared filesystem.
    reposDir: env.PATINA_REPOS_DIR ? path.resolve(cwd, env.PATINA_REPOS_DIR) : repositoriesRoot(dataDir),
    databaseUrl,
    publicUrl,
    secret,
    previousSecret,
    smtpUrl,
    mailFrom: readMailFrom(env),
    expiryNoticeDays: Object.freeze(readExpiryDays(env)),
    jobsEnabled: readSwitch(env, "PATINA_JOBS", true),
    tokenPrefix,
    logLevel,
    tokenCacheTtlMs: readInteger(env, "PATINA_TOKEN_CACHE_TTL_MS", 1000, 0, 60_000),
    usageFlushIntervalMs: readInteger(env, "PATINA_USAGE_FLUSH_INTERVAL_MS", 60_000, 1000, 3_600_000),
    forwardAuthRules: forwardAuthRules.rules,
    trustProxy: trustProxy.entries,
    gitMaxProcesses: readInteger(env, "PATINA_GIT_MAX_PROCESSES", 4 * os.availableParallelism(), 1, 10_000),
    gitQueueTimeoutMs: readInteger(env, "PATINA_GIT_QUEUE_TIMEOUT_MS", 5000, 0, 60_000),
    gitIdleTimeoutMs: readInteger(env, "PATINA_GIT_IDLE_TIMEOUT_MS", 30_000, 100, 3_600_000),
    shutdownTimeoutMs: readInteger(env, "PATINA_SHUTDOWN_TIMEOUT_MS", 30_000, 0, 3_600_000),
    metrics: readMetricsMode(env),
    webauthnRpName: readRpName(env),
    stepUpMinutes: readInteger(env, "PATINA_STEP_UP_MINUTES", 15, 1, 1440),
    oidc: readOidcConfig(env, publicUrl, (message) => {
      throw new ConfigError(message);
    }),
  });
}

function readRpName(env: Env): string {
  const raw = (env.PATINA_WEBAUTHN_RP_NAME ?? "").trim();
  if (raw === "") return "Patina";
  // Shown by authenticators and password managers next to the passkey: one short line.
  if (raw.length > 64 || /\p{Cc}/u.test(raw)) {
    throw new ConfigError("PATINA_WEBAUTHN_RP_NAME must be at most 64 characters on one line.");
  }
  return raw;
}

/**
 * Reads PATINA_TOKEN_PREFIX alone, for commands that need no server (`patina scan` runs in CI
 * without a data directory, database or secret, so the rest of the configuration is not read).
 */
export function readTokenPrefix(env: Env): string {
  const tokenPrefix = env.PATINA_TOKEN_PREFIX || DEFAULT_TOKEN_PREFIX;
  if (!TOKEN_PREFIX_PATTERN.test(tokenPrefix) || tokenPrefix.length > MAX_TOKEN_PREFIX_LENGTH) {
    throw new ConfigError(
      `PATINA_TOKEN_PREFIX must be 1–${MAX_TOKEN_PREFIX_LENGTH} characters of a-z, 0-9 and _, starting with a letter.`,
    );
  }
  return tokenPrefix;
}
