// The one place where the benchmarks reach past Patina's public surface (HTTP and the CLI)
// into dist/: the in-process verifier, the keyed hash, the token checksum, and the table and
// column names that seeding and the raw lookup use. When those internals change, adjust this
// file only.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { loadConfig } from "../../dist/config/config.js";
import { TOKEN_BODY_LENGTH, tokenChecksum, tokenHint } from "../../dist/domain/token-format.js";
import { createLogger } from "../../dist/logger.js";
import { loadServerSecret } from "../../dist/security/server-secret.js";
import { createTokenHasher } from "../../dist/security/token-hash.js";
import { createServices } from "../../dist/services.js";
import { root } from "../support.js";

/** Base62 characters between the prefix and the checksum. */
export { TOKEN_BODY_LENGTH };

/** The token prefix Patina uses with its default configuration. */
export const TOKEN_PREFIX = loadConfig({}).tokenPrefix;

/** A well-formed token (prefix, body, correct checksum) from a 43-character base62 body. */
export function wellFormedToken(body) {
  return TOKEN_PREFIX + body + tokenChecksum(TOKEN_PREFIX + body);
}

/** The non-secret hint Patina stores with a token. */
export function hintOf(token) {
  return tokenHint(token, TOKEN_PREFIX);
}

/** The keyed hash Patina stores for a token value, with the server secret of `dataDir`. */
export function tokenHasherFor(dataDir) {
  return createTokenHasher(loadServerSecret(undefined, dataDir));
}

/**
 * The schema version seeded stores are keyed by: a digest of the compiled migrations, so a new
 * or changed migration seeds new stores instead of reusing stale ones.
 */
export function schemaVersion() {
  const dir = path.join(root, "dist", "db", "migrations");
  const digest = createHash("sha256");
  for (const name of fs
    .readdirSync(dir)
    .filter((file) => file.endsWith(".js"))
    .sort()) {
    digest.update(name).update(fs.readFileSync(path.join(dir, name)));
  }
  return digest.digest("hex").slice(0, 12);
}

/**
 * Patina's verifier with the token cache off (PATINA_TOKEN_CACHE_TTL_MS=0): every call hashes
 * the value and reads the store. `verify(token)` resolves to true when the token is valid.
 */
export async function openColdVerifier({ dataDir, databaseUrl }) {
  const config = loadConfig({
    PATINA_DATA_DIR: dataDir,
    PATINA_DATABASE_URL: databaseUrl,
    PATINA_TOKEN_CACHE_TTL_MS: "0",
    PATINA_LOG_LEVEL: "silent",
  });
  const services = await createServices(config, { logger: createLogger("silent") });
  return {
    verify: async (token) => (await services.verify(token)).ok,
    close: () => services.store.close(),
  };
}

/** Where the SQLite store of a data directory lives. */
export function sqliteFileOf(dataDir) {
  return path.join(dataDir, "patina.sqlite");
}

/**
 * How seeding clones a template row of each table (made through the CLI) into many: the
 * columns it overrides per copy. Every other column is copied as the template has it, so new
 * columns with values the CLI sets keep working without a change here.
 */
export const SEED_TABLES = Object.freeze({
  users: { table: "users", key: "id", username: "username" },
  memberships: { table: "org_members", user: "user_id" },
  tokens: { table: "tokens", key: "authorization_id", user: "user_id", name: "display_name", hint: "secret_hint" },
  secrets: { table: "token_secrets", key: "secret_hash", token: "authorization_id" },
});

/**
 * The floor for a SQLite lookup: the rows Patina's verification reads (the secret's entry in
 * the trigger-kept `token_lookup` index with the token's verified columns, its owner, the
 * owner's memberships), as two prepared point lookups by keyed hash and user id, on a
 * connection set up as Patina's lookup connection is (page cache and memory-mapped reads).
 */
export const RAW_LOOKUP_SQL = Object.freeze({
  token: `select t.authorization_id, t.display_name, t.scope, t.all_orgs, t.org_id, t.valid_from, t.valid_to,
      t.revoked_at, t.secret_expires_at, u.id as user_id, u.username, u.display_name as user_display_name, u.email,
      u.is_admin, u.is_disabled
    from token_lookup t
    join users u on u.id = t.user_id
    where t.secret_hash = ?`,
  memberships: `select o.id as org_id, o.name as org_name, m.role
    from org_members m join organizations o on o.id = m.org_id
    where m.user_id = ? order by o.name`,
  pragmas: ["cache_size = -32768", "mmap_size = 1073741824"],
});

/** The store (migrated) and the expiry sweep, for the expiry-sweep bench. */
export { openStore } from "../../dist/db/database.js";
export { sweepExpiringTokens } from "../../dist/notifications/notice-discovery.js";

/**
 * The audit log's pages as the API serves them (services.audit.page), and a continuation token
 * that starts a page right below `seq` in an organization's log: what a client holds after
 * paging that deep, without paging there.
 */
export async function openAuditPager({ dataDir, databaseUrl }) {
  const { createContinuationCodec } = await import("../../dist/tokens/continuation.js");
  const config = loadConfig({ PATINA_DATA_DIR: dataDir, PATINA_DATABASE_URL: databaseUrl, PATINA_LOG_LEVEL: "silent" });
  const services = await createServices(config, { logger: createLogger("silent") });
  const codec = createContinuationCodec(services.serverSecret, "auditlog");
  const scopeOf = (orgId) => ({ orgId, entryScope: { type: "organization", id: orgId, displayName: "bench" } });
  return {
    db: services.store.db,
    page: (orgId, batchSize, continuationToken) =>
      services.audit.page(scopeOf(orgId), {}, batchSize, continuationToken),
    tokenBelow: (orgId, seq) => codec.encode(JSON.stringify([orgId, "", ""]), seq),
    close: () => services.store.close(),
  };
}

/** The audit events table and the columns seeding overrides per copy. */
export const AUDIT_SEED_TABLE = Object.freeze({
  table: "audit_events",
  generated: "seq",
  overrides: {
    id: "id",
    org: "org_id",
    chain: "chain_key",
    position: "chain_position",
    time: "timestamp",
    hash: "hash",
  },
});

/**
 * Patina's authentication step in process, on a fresh SQLite store in `dataDir` with one global
 * token of a member of `acme` (cached after the first call), with or without policies that apply
 * at use: a retirement date of global tokens (far ahead), the maximum lifespan enforced at use,
 * and acme's allow list (with the owner on it), so every rule is evaluated and every call passes.
 * `authenticate()` returns the step's outcome for `GET /acme/_apis/connectionData`.
 */
export async function openPolicyAuthenticator({ dataDir, withPolicies }) {
  const { createAuthenticator } = await import("../../dist/auth/authenticate.js");
  const { CLI_ACTOR } = await import("../../dist/audit/audit-log.js");
  const { operatorContext } = await import("../../dist/tokens/lifecycle-requests.js");
  const config = loadConfig({ PATINA_DATA_DIR: dataDir, PATINA_LOG_LEVEL: "silent" });
  const services = await createServices(config, { logger: createLogger("silent") });
  const must = (result) => {
    if (!result.ok) throw new Error(result.message);
    return result.value;
  };
  const user = must(await services.directory.addUser(CLI_ACTOR, { username: "bench", email: "bench@example.com" }));
  const org = must(await services.directory.addOrganization(CLI_ACTOR, "acme", "bench"));
  const validTo = new Date(Date.now() + 300 * 24 * 60 * 60 * 1000).toISOString();
  const created = must(
    await services.tokens.create(operatorContext({ id: user.id, isAdmin: 0 }, org.id), {
      displayName: "bench",
      scope: "vso.profile",
      validTo,
      allOrgs: true,
    }),
  );
  if (withPolicies) {
    const instance = {
      maxPatLifespanDays: 365,
      enforceMaxLifespanAtUse: true,
      retireGlobalPatsAt: "2100-01-01T00:00:00Z",
    };
    must(await services.policies.update(CLI_ACTOR, { level: "instance" }, instance));
    const acme = { level: "organization", orgId: org.id, orgName: "acme" };
    must(
      await services.policies.update(CLI_ACTOR, acme, { restrictPatCreation: true, patCreationAllowList: ["bench"] }),
    );
  }
  const sessions = { present: () => false, resolve: async () => ({ ok: false, reason: "none" }) };
  const authenticator = createAuthenticator({ ...services, sessions });
  const request = Object.freeze({
    id: "bench",
    method: "GET",
    ip: "127.0.0.1",
    headers: { authorization: `Basic ${Buffer.from(`:${created.token}`).toString("base64")}` },
    routeOptions: { url: "/:org/_apis/connectionData" },
  });
  const needs = Object.freeze({});
  const via = Object.freeze({ via: "bench", acceptSession: false, throttle: true });
  return {
    authenticate: () => authenticator.authenticate(request, needs, "acme", via),
    atUseActive: () => services.policies.current().atUseActive,
    close: () => services.store.close(),
  };
}
