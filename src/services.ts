/**
 * The services of one Patina process, wired once from the configuration. The HTTP server and
 * the CLI are both built on this; neither reads the environment.
 */
import type { Logger } from "pino";
import { type AuditReader, createAuditReader } from "./audit/audit-reader.js";
import { AuthCounts } from "./auth/auth-counts.js";
import type { AuthenticationState } from "./auth/authentication.js";
import { CredentialThrottle } from "./auth/credential-throttle.js";
import { LookupLanes } from "./auth/lookup-lanes.js";
import { NegativeTokenCache } from "./auth/negative-cache.js";
import type { PreviousSecret } from "./auth/previous-secret.js";
import type { TokenCache as TokenCacheType } from "./auth/token-cache.js";
import { TokenCache } from "./auth/token-cache.js";
import { createTokenVerifier, type TokenVerifier } from "./auth/token-verifier.js";
import type { VerifiedToken } from "./auth/verified-token.js";
import { type Clock, systemClock } from "./clock.js";
import { ConfigError, type PatinaConfig } from "./config/config.js";
import type { ChangeAnnouncer, ChangeEvent } from "./db/change-events.js";
import { type ChangeFeed, createChangeFeed } from "./db/change-feed.js";
import { openStore, type Store } from "./db/database.js";
import { getOrCreateSetting } from "./db/settings.repository.js";
import { createDirectory, type Directory } from "./directory.js";
import { type BackendSlots, createBackendSlots } from "./git/backend-slots.js";
import { Readiness } from "./health/readiness.js";
import { newUuid } from "./ids.js";
import { createLeakReports, type LeakReportDeps, type LeakReports } from "./leaks/leak-reports.js";
import { type FailureLog, failureLogOf } from "./logger.js";
import type { MetricsSources } from "./metrics/metrics-sources.js";
import { createNotifications, type Notifications } from "./notifications/notifications.js";
import { createMembers, type Members } from "./orgs/members.service.js";
import { createPolicyService, type PolicyService } from "./policies/policy.service.js";
import { PolicySnapshots } from "./policies/policy-snapshot.js";
import { loadServerSecret } from "./security/server-secret.js";
import { createTokenHasher } from "./security/token-hash.js";
import { createTokenAdmin, type TokenAdmin } from "./tokenadmin/token-admin.service.js";
import { createContinuationCodec } from "./tokens/continuation.js";
import { replaceSecretHash } from "./tokens/token.repository.js";
import { createTokenLifecycle, type TokenLifecycle } from "./tokens/token-lifecycle.js";
import { createTokenRecordLoader } from "./tokens/token-record.js";
import { createTokenRevocations, type TokenRevocations } from "./tokens/token-revocations.js";
import { UsageRecorder } from "./tokens/usage-recorder.js";
import { createUserAdmin, type UserAdmin } from "./users/users.service.js";

/** Most verified tokens kept in memory per process. */
const TOKEN_CACHE_ENTRIES = 10_000;

export interface Services {
  readonly config: PatinaConfig;
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  /** A stable id of this Patina installation (connectionData's instanceId). */
  readonly instanceId: string;
  readonly verify: TokenVerifier;
  /** What authentication keeps in this process: outcome counts (for metrics), negative cache, throttle. */
  readonly authentication: AuthenticationState;
  /** The rate-limited log of failures (see logger.ts). */
  readonly failureLog: FailureLog;
  readonly tokenCache: TokenCacheType<VerifiedToken>;
  readonly usage: UsageRecorder;
  readonly tokens: TokenLifecycle;
  readonly directory: Directory;
  /** Organization members as their administrators manage them (list, add, role, remove). */
  readonly members: Members;
  /** The instance's users as instance administrators manage them (list, create, disable). */
  readonly userAdmin: UserAdmin;
  /** Revoking tokens as an administrator, the system or the owner's "revoke all" (audited, honoured at once). */
  readonly revocations: TokenRevocations;
  /** Token administration (the tokenadmin area and Patina's organization list). */
  readonly tokenAdmin: TokenAdmin;
  /** Leak reports: live reported tokens are reported to their owners and revoked by policy. */
  readonly leaks: LeakReports;
  readonly changeFeed: ChangeFeed;
  /** Records committed changes for other processes and applies them to this one's caches. */
  readonly changes: ChangeAnnouncer;
  readonly serverSecret: Buffer;
  /**
   * PATINA_PREVIOUS_SECRET during a server secret rotation: anything keyed by the server secret
   * signs with `serverSecret` and should also accept this one when reading (docs/deployment.md).
   */
  readonly previousSecret: Buffer | undefined;
  /** The audit log as readers see it (pages, downloads). */
  readonly audit: AuditReader;
  /** The `git http-backend` slots of this process (git routes acquire them; metrics read them). */
  readonly gitSlots: BackendSlots;
  /** Counts from features wired after the services (notifications, jobs), read at each /metrics scrape. */
  readonly metricsSources: MetricsSources;
  /** Mail to token owners, driven from the audit log (see notifications/). */
  readonly notifications: Notifications;
  /** Called with every change applied to this process's caches (its own and other processes'), e.g. to kick a job. */
  readonly changeWatchers: Array<(event: ChangeEvent) => void>;
  /** Token policies: the in-memory snapshot verification consults, and reading and changing them. */
  readonly policies: PolicyService;
  /** Whether this process wants new traffic (`/readyz`); false once it has started stopping. */
  readonly readiness: Readiness;
}

export interface ServiceDeps {
  readonly logger: Logger;
  readonly clock?: Clock;
  /** Overrides the effective "automatically revoke leaked PATs" policy (tests); default: the policies' own. */
  readonly autoRevokeLeaked?: LeakReportDeps["autoRevokeLeaked"];
}

/** Opens the store and wires the services. */
export async function createServices(config: PatinaConfig, deps: ServiceDeps): Promise<Services> {
  const clock = deps.clock ?? systemClock;
  const serverSecret = loadServerSecret(config.secret, config.dataDir);
  const previousSecret = config.previousSecret === undefined ? undefined : Buffer.from(config.previousSecret, "utf8");
  if (previousSecret?.equals(serverSecret)) {
    throw new ConfigError(
      "PATINA_PREVIOUS_SECRET must differ from the server secret (it is the secret being replaced).",
    );
  }
  const store = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  const hashToken = createTokenHasher(serverSecret);
  const rotation = previousSecret && secretRotation(store, previousSecret, deps.logger);
  const codec = (purpose: string) => createContinuationCodec(serverSecret, purpose, previousSecret);
  const tokenCache = new TokenCache<VerifiedToken>(config.tokenCacheTtlMs, TOKEN_CACHE_ENTRIES);
  const authentication: AuthenticationState = {
    counts: new AuthCounts(),
    negativeCache: new NegativeTokenCache(),
    throttle: new CredentialThrottle(),
    lanes: new LookupLanes(),
  };
  const changeFeed = createChangeFeed(store, deps.logger);
  const policySnapshots = new PolicySnapshots(store.db, deps.logger);
  await policySnapshots.load();
  const changeWatchers: Array<(event: ChangeEvent) => void> = [];
  const changes = createChangeAnnouncer(
    changeFeed,
    { tokenCache, negativeCache: authentication.negativeCache, policies: policySnapshots },
    changeWatchers,
  );
  const policies = createPolicyService({ db: store.db, clock, changes, snapshots: policySnapshots });
  const instanceId = await getOrCreateSetting(store.db, "instanceId", newUuid);
  const verify = createTokenVerifier({
    tokenPrefix: config.tokenPrefix,
    hashToken,
    loadTokenRecord: createTokenRecordLoader(store.lookupToken),
    cache: tokenCache,
    negativeCache: authentication.negativeCache,
    clock,
    counts: authentication.counts,
    lanes: authentication.lanes,
    previousSecret: rotation,
  });
  const tokens = createTokenLifecycle({
    db: store.db,
    clock,
    tokenPrefix: config.tokenPrefix,
    hashToken,
    continuation: codec("pats"),
    changes,
    creationPolicies: policies.creationScopes,
  });
  const directory = createDirectory({ db: store.db, clock, changes });
  const revocations = createTokenRevocations({ db: store.db, clock, changes });
  const tokenAdmin = createTokenAdmin({
    db: store.db,
    clock,
    continuation: codec("tokenadmin"),
    revocations,
  });
  const leaks = createLeakReports({
    db: store.db,
    clock,
    tokenPrefix: config.tokenPrefix,
    hashToken,
    previousHashToken: rotation?.hashToken,
    revocations,
    // The effective "automatically revoke leaked PATs" policy, from the in-memory snapshot.
    autoRevokeLeaked: deps.autoRevokeLeaked ?? ((token) => policies.autoRevokesLeaked(token.userId, token)),
    logger: deps.logger,
  });
  return {
    config,
    store,
    clock,
    logger: deps.logger,
    instanceId,
    verify,
    authentication,
    failureLog: failureLogOf(deps.logger),
    tokenCache,
    usage: new UsageRecorder(store.db, clock),
    tokens,
    directory,
    members: createMembers({
      db: store.db,
      clock,
      changes,
      continuation: codec("members"),
    }),
    userAdmin: createUserAdmin({
      db: store.db,
      directory,
      continuation: codec("users"),
    }),
    revocations,
    tokenAdmin,
    leaks,
    changeFeed,
    changes,
    serverSecret,
    previousSecret,
    audit: createAuditReader(store.db, codec("auditlog")),
    gitSlots: createBackendSlots(config.gitMaxProcesses),
    metricsSources: {},
    notifications: createNotifications(store.db, config, deps.logger),
    changeWatchers,
    policies,
    readiness: new Readiness(),
  };
}

/** The verifier's second look during a server secret rotation (auth/previous-secret.ts). */
function secretRotation(store: Store, previousSecret: Buffer, logger: Logger): PreviousSecret {
  logger.info("server secret rotation: tokens hashed with PATINA_PREVIOUS_SECRET are re-hashed on first use");
  return {
    hashToken: createTokenHasher(previousSecret),
    async rehash(previousHash, currentHash) {
      try {
        await replaceSecretHash(store.db, previousHash, currentHash);
      } catch (error) {
        // The token verifies all the same; its next cache miss tries the rewrite again.
        logger.warn({ reason: error instanceof Error ? error.message : String(error) }, "token re-hash failed");
      }
    },
  };
}

/** The caches of one process that committed changes can make wrong. */
export interface ProcessCaches {
  readonly tokenCache: TokenCacheType<VerifiedToken>;
  /** Unknown well-formed tokens remembered briefly (see auth/negative-cache.ts). */
  readonly negativeCache?: Pick<NegativeTokenCache, "clear">;
  /** The policy snapshot (see policies/policy-snapshot.ts): reloaded on `policy` and `all` events. */
  readonly policies?: { reload(): Promise<void> };
}

/**
 * Applies a change event to this process's caches: a token event drops that authorization's
 * entries, user and membership events only that user's, a policy event reloads the policy
 * snapshot, `all` everything. Caches that remember
 * unknown tokens must forget them on every `token` and `all` event (a created or regenerated
 * value must work at once). Cache entries go at once; the promise (for a policy reload) says
 * when the change is wholly applied.
 */
export function applyChange(caches: ProcessCaches, event: ChangeEvent): Promise<void> {
  switch (event.kind) {
    case "token":
      caches.tokenCache.invalidateAuthorization(event.authorizationId);
      // A created or regenerated secret may be remembered as unknown.
      caches.negativeCache?.clear();
      return Promise.resolve();
    case "user":
    case "membership":
      caches.tokenCache.invalidateUser(event.userId);
      return Promise.resolve();
    case "policy":
      // Verification keeps the old snapshot until the new one is loaded; nothing cached holds policy.
      return caches.policies?.reload() ?? Promise.resolve();
    case "all":
      caches.tokenCache.clear();
      caches.negativeCache?.clear();
      return caches.policies?.reload() ?? Promise.resolve();
  }
}

/** Records changes through the feed, and applies committed ones to this process's caches (then tells `watchers`). */
export function createChangeAnnouncer(
  feed: ChangeFeed,
  caches: ProcessCaches,
  watchers: ReadonlyArray<(event: ChangeEvent) => void> = [],
): ChangeAnnouncer {
  const received = (event: ChangeEvent): Promise<void> => {
    const done = applyChange(caches, event);
    for (const watcher of watchers) watcher(event);
    return done;
  };
  return {
    record: (trx, event) => feed.publish(trx, event),
    // Before the change's request answers: here at once, and on every other live instance (bounded).
    applied: async (event) => {
      await received(event);
      await feed.settle();
    },
    received,
  };
}
