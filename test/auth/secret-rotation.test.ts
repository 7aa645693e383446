/**
 * Server secret rotation (PATINA_PREVIOUS_SECRET), on SQLite and PostgreSQL, with real servers
 * restarted on one store and real HTTP calls: a token made under secret A verifies after a
 * restart with B (previous A), its stored hash is then B's (a second restart with B alone still
 * verifies it), and a token nobody used during the window is dead once A is removed. Two
 * instances re-hashing one token at once both verify it. The verifier's extra work is counted:
 * none for a token found under the current secret.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildApp, type PatinaApp } from "../../src/app.js";
import { CLI_ACTOR } from "../../src/audit/audit-log.js";
import { AuthCounts } from "../../src/auth/auth-counts.js";
import { LookupLanes } from "../../src/auth/lookup-lanes.js";
import { NegativeTokenCache } from "../../src/auth/negative-cache.js";
import { createTokenVerifier } from "../../src/auth/token-verifier.js";
import { loadConfig } from "../../src/config/config.js";
import { generateToken } from "../../src/domain/token-format.js";
import { createTokenHasher } from "../../src/security/token-hash.js";
import { createContinuationCodec } from "../../src/tokens/continuation.js";
import { operatorContext } from "../../src/tokens/lifecycle-requests.js";
import { replaceSecretHash } from "../../src/tokens/token.repository.js";
import { createTokenRecordLoader } from "../../src/tokens/token-record.js";
import { findUserByUsername } from "../../src/users/user.repository.js";
import { testDatabases } from "../support/databases.js";

const A = "secret-A-0123456789abcdef0123456789abcdef";
const B = "secret-B-0123456789abcdef0123456789abcdef";
const DAY_MS = 24 * 60 * 60 * 1000;

describe.each(testDatabases())("server secret rotation on $name", (database) => {
  let store: { dataDir: string; databaseUrl: string | undefined; drop(): Promise<void> };
  const running: PatinaApp[] = [];

  beforeEach(async () => {
    store = await database.create();
  });
  afterEach(async () => {
    for (const app of running.splice(0)) await app.close();
    await store.drop();
  });

  /** Starts a server on the store with these secrets, listening on a free loopback port. */
  async function start(secrets: Record<string, string>) {
    const env: Record<string, string | undefined> = {
      PATINA_DATA_DIR: store.dataDir,
      PATINA_DATABASE_URL: store.databaseUrl,
      PATINA_LOG_LEVEL: "silent",
      PATINA_JOBS: "off",
      ...secrets,
    };
    const app = await buildApp(loadConfig(env));
    running.push(app);
    const baseUrl = (await app.server.listen({ port: 0, host: "127.0.0.1" })).replace(/\/+$/, "");
    const status = async (token: string) =>
      (
        await fetch(`${baseUrl}/acme/_apis/tokens/pats?api-version=7.1`, {
          headers: { authorization: `Basic ${Buffer.from(`:${token}`).toString("base64")}` },
        })
      ).status;
    return { app, status, stop: () => app.close().then(() => void running.splice(running.indexOf(app), 1)) };
  }

  /** Alice, organization acme, and `count` of her tokens, made under `app`'s secret. */
  async function mint(app: PatinaApp, count: number): Promise<string[]> {
    const { directory, tokens, store: opened } = app.services;
    await directory.addUser(CLI_ACTOR, { username: "alice", email: "alice@example.com" });
    const org = await directory.addOrganization(CLI_ACTOR, "acme", "alice");
    if (!org.ok) throw new Error(org.message);
    const alice = await findUserByUsername(opened.db, "alice");
    if (alice === undefined) throw new Error("no alice");
    const made: string[] = [];
    for (let i = 0; i < count; i++) {
      const created = await tokens.create(operatorContext(alice, org.value.id), {
        displayName: `token ${i}`,
        scope: "vso.pats",
        validTo: new Date(Date.now() + 30 * DAY_MS).toISOString(),
      });
      if (!created.ok) throw new Error(created.message);
      made.push(created.value.token ?? "");
    }
    return made;
  }

  /** Whether the store holds this hash (as a secret's hash). */
  async function stored(app: PatinaApp, hash: string): Promise<boolean> {
    const row = await app.services.store.db
      .selectFrom("tokenSecrets")
      .select("authorizationId")
      .where("secretHash", "=", hash)
      .executeTakeFirst();
    return row !== undefined;
  }

  it("re-hashes a used token once; a token unused during the window dies with the previous secret", async () => {
    const underA = await start({ PATINA_SECRET: A });
    const [used = "", unused = ""] = await mint(underA.app, 2);
    expect(await underA.status(used)).toBe(200);
    await underA.stop();

    const plainB = await start({ PATINA_SECRET: B });
    expect(await plainB.status(used)).toBe(401); // why the rotation is needed at all
    await plainB.stop();

    const rotating = await start({ PATINA_SECRET: B, PATINA_PREVIOUS_SECRET: A });
    expect(await stored(rotating.app, createTokenHasher(Buffer.from(A))(used))).toBe(true);
    expect(await rotating.status(used)).toBe(200);
    expect(await stored(rotating.app, createTokenHasher(Buffer.from(B))(used))).toBe(true);
    expect(await stored(rotating.app, createTokenHasher(Buffer.from(A))(used))).toBe(false);
    // A token made during the window is B's from the start.
    const [fresh = ""] = await mintMore(rotating.app);
    await rotating.stop();

    const onlyB = await start({ PATINA_SECRET: B });
    expect(await onlyB.status(used)).toBe(200);
    expect(await onlyB.status(fresh)).toBe(200);
    expect(await onlyB.status(unused)).toBe(401);
  });

  /** One more token of alice's (alice and acme exist). */
  async function mintMore(app: PatinaApp): Promise<string[]> {
    const alice = await findUserByUsername(app.services.store.db, "alice");
    if (alice === undefined) throw new Error("no alice");
    const acme = await app.services.store.db
      .selectFrom("organizations")
      .select("id")
      .where("name", "=", "acme")
      .executeTakeFirstOrThrow();
    const created = await app.services.tokens.create(operatorContext(alice, acme.id), {
      displayName: "made during the rotation",
      scope: "vso.pats",
      validTo: new Date(Date.now() + 30 * DAY_MS).toISOString(),
    });
    if (!created.ok) throw new Error(created.message);
    return [created.value.token ?? ""];
  }

  it("lets two instances re-hash the same token at once: both verify it, the row ends with B's hash", async () => {
    const underA = await start({ PATINA_SECRET: A });
    const minted = await mint(underA.app, 3);
    await underA.stop();

    const first = await start({ PATINA_SECRET: B, PATINA_PREVIOUS_SECRET: A });
    const second = await start({ PATINA_SECRET: B, PATINA_PREVIOUS_SECRET: A });
    const statuses = await Promise.all(minted.flatMap((token) => [first.status(token), second.status(token)]));
    expect(statuses).toEqual(minted.flatMap(() => [200, 200]));
    for (const token of minted) {
      expect(await stored(first.app, createTokenHasher(Buffer.from(B))(token))).toBe(true);
    }
  });

  it("keeps every token working during a rolling change, with instances on A (previous B) and on B (previous A)", async () => {
    const underA = await start({ PATINA_SECRET: A });
    const [token = ""] = await mint(underA.app, 1);
    await underA.stop();
    // No token cache: every request reads the store, so the two instances re-hash the token back
    // and forth; each of them verifies it every time.
    const uncached = { PATINA_TOKEN_CACHE_TTL_MS: "0" };
    const first = await start({ ...uncached, PATINA_SECRET: A, PATINA_PREVIOUS_SECRET: B });
    const second = await start({ ...uncached, PATINA_SECRET: B, PATINA_PREVIOUS_SECRET: A });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push(await first.status(token), await second.status(token));
    expect(statuses).toEqual(Array(8).fill(200));
    await first.stop();
    await second.stop();
    const onlyB = await start({ PATINA_SECRET: B, PATINA_PREVIOUS_SECRET: A });
    expect(await onlyB.status(token)).toBe(200);
    await onlyB.stop();
    expect(await (await start({ PATINA_SECRET: B })).status(token)).toBe(200);
  });

  it("revokes a reported leak of a token not yet re-hashed", async () => {
    const underA = await start({ PATINA_SECRET: A });
    const [leaked = ""] = await mint(underA.app, 1);
    await underA.stop();
    const rotating = await start({ PATINA_SECRET: B, PATINA_PREVIOUS_SECRET: A });
    const reported = await rotating.app.server.inject({
      method: "POST",
      url: "/_apis/patina/leaks?api-version=7.1",
      headers: { "content-type": "application/json" },
      payload: JSON.stringify([leaked]),
    });
    expect(reported.statusCode).toBe(202);
    await rotating.app.services.leaks.drained();
    expect(await rotating.status(leaked)).toBe(401);
    const revoked = await rotating.app.services.store.db
      .selectFrom("tokens")
      .select("revokedAt")
      .where("displayName", "=", "token 0")
      .executeTakeFirstOrThrow();
    expect(revoked.revokedAt).not.toBeNull();
  });

  it("rewrites a hash only while the old one is stored (the race's loser changes nothing)", async () => {
    const underA = await start({ PATINA_SECRET: A });
    const [token = ""] = await mint(underA.app, 1);
    const db = underA.app.services.store.db;
    const fromA = createTokenHasher(Buffer.from(A))(token);
    const toB = createTokenHasher(Buffer.from(B))(token);
    expect(await replaceSecretHash(db, fromA, toB)).toBe(true);
    expect(await replaceSecretHash(db, fromA, toB)).toBe(false);
    expect(await stored(underA.app, toB)).toBe(true);
  });

  it("hashes with the previous secret only when the current one finds nothing", async () => {
    const rotating = await start({ PATINA_SECRET: B, PATINA_PREVIOUS_SECRET: A });
    const [token = ""] = await mint(rotating.app, 1);
    const services = rotating.app.services;
    let previousHashes = 0;
    const hashWithA = createTokenHasher(Buffer.from(A));
    const counts = new AuthCounts();
    const verify = createTokenVerifier({
      tokenPrefix: services.config.tokenPrefix,
      hashToken: createTokenHasher(services.serverSecret),
      loadTokenRecord: createTokenRecordLoader(services.store.lookupToken),
      cache: services.tokenCache,
      negativeCache: new NegativeTokenCache(),
      clock: services.clock,
      counts,
      lanes: new LookupLanes(),
      previousSecret: {
        hashToken: (value) => {
          previousHashes++;
          return hashWithA(value);
        },
        rehash: async () => {},
      },
    });
    services.tokenCache.clear();
    expect((await verify(token)).ok).toBe(true); // a miss found under B
    expect((await verify(token)).ok).toBe(true); // a cache hit
    expect(previousHashes).toBe(0);

    const forged = generateToken("patina_");
    expect(await verify(forged)).toMatchObject({ ok: false, reason: "unknown" });
    expect(previousHashes).toBe(1);
    expect(await verify(forged)).toMatchObject({ ok: false, reason: "unknown" }); // remembered as unknown
    expect(previousHashes).toBe(1);
  });
});

describe("continuation tokens across a secret rotation", () => {
  it("reads a token signed with the previous secret and signs new ones with the current", () => {
    const underA = createContinuationCodec(Buffer.from(A), "pats");
    const rotating = createContinuationCodec(Buffer.from(B), "pats", Buffer.from(A));
    const onlyB = createContinuationCodec(Buffer.from(B), "pats");
    const page = underA.encode("q", 100);
    expect(rotating.decode("q", page)).toBe(100);
    expect(onlyB.decode("q", page)).toBeUndefined();
    expect(onlyB.decode("q", rotating.encode("q", 200))).toBe(200);
    expect(underA.decode("q", rotating.encode("q", 200))).toBeUndefined();
  });
});
