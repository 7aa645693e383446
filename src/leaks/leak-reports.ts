/**
 * Leak reports (SPEC section 8): anyone may tell Patina that token values were seen in public
 * (a scanner, a code host's secret scanning, a person). For each reported value that is a live
 * Patina token, the owner's token is reported (`Token.PatPublicDiscoveryEvent`, which the
 * notifications feature mails to the owner) and, when the effective "automatically revoke leaked
 * PATs" policy says so, revoked by the system (`Token.PatSystemRevokeEvent`, reason "leaked").
 *
 * Threats: the endpoint is unauthenticated, so it must be no oracle. The answer (202, same body)
 * depends only on the shape of the request, never on whether a value was a live token, and the
 * values are looked up only after the answer is sent (a queue served in the background), so its
 * timing reveals nothing either. Values never reach a log, an error or an audit event: only the
 * token's id and display name do. Abuse is bounded by a per-address rate limit (leak.routes.ts)
 * and by the request's size; values that are not well-formed Patina tokens (prefix and CRC32)
 * cost no database access at all. A value reported again once its token is revoked finds no live
 * token and changes nothing.
 */
import type { Kysely } from "kysely";
import type { Logger } from "pino";
import { type AuditActor, recordAuditEvent } from "../audit/audit-log.js";
import { CredentialThrottle } from "../auth/credential-throttle.js";
import type { Clock } from "../clock.js";
import type { Database } from "../db/schema.js";
import { checkTokenShape } from "../domain/token-format.js";
import type { TokenHasher } from "../security/token-hash.js";
import { findTokenBySecretHash } from "../tokens/token.repository.js";
import type { TokenRevocations } from "../tokens/token-revocations.js";

/** Reports one address may send per window; a scanner sends one per run, a CI farm behind one NAT a few. */
export const LEAK_REPORTS_PER_WINDOW = 30;
/** The rate limit's window. */
export const LEAK_REPORT_WINDOW_MS = 60_000;
/**
 * Most values waiting to be looked up, all reporters together. Beyond it new reports are refused
 * for a moment (503), so many addresses together cannot grow the queue without bound. Whether a
 * report is refused depends on the load only, never on the values.
 */
export const MAX_PENDING_LEAK_VALUES = 100_000;

/** Where a report came from (audited; never the values). */
export interface LeakReporter {
  readonly clientIp: string;
  readonly userAgent: string | null;
}

/** A leaked token's owner and targets, as the leak policy weighs them. */
export interface LeakedTokenTargets {
  readonly userId: string;
  readonly allOrgs: boolean;
  readonly orgId: string | null;
}

export interface LeakReportDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly tokenPrefix: string;
  readonly hashToken: TokenHasher;
  /** During a server secret rotation: a reported token not yet re-hashed is found by its old hash. */
  readonly previousHashToken?: TokenHasher;
  readonly revocations: TokenRevocations;
  /**
   * The effective "automatically revoke leaked PATs" policy for a token of this owner and these
   * targets: on when any place the token works has it on.
   */
  readonly autoRevokeLeaked: (token: LeakedTokenTargets) => Promise<boolean>;
  readonly logger: Logger;
}

/** Creates the leak report service of one process. */
export function createLeakReports(deps: LeakReportDeps) {
  // The same per-address window counter the credential throttle uses: bounded, oldest forgotten first.
  const limiter = new CredentialThrottle(LEAK_REPORTS_PER_WINDOW, LEAK_REPORT_WINDOW_MS);
  let queue: Promise<void> = Promise.resolve();
  let pendingValues = 0;

  /** Handles one reported value: nothing unless it is a live token. */
  async function handle(value: string, reporter: LeakReporter): Promise<void> {
    if (checkTokenShape(value, deps.tokenPrefix) !== "valid") return;
    const found =
      (await findTokenBySecretHash(deps.db, deps.hashToken(value))) ??
      (deps.previousHashToken && (await findTokenBySecretHash(deps.db, deps.previousHashToken(value))));
    const now = deps.clock.now();
    const nowIso = now.toISOString();
    const live =
      found !== undefined &&
      found.revokedAt === null &&
      found.validTo > nowIso &&
      (found.secretExpiresAt === null || found.secretExpiresAt > nowIso);
    if (!live) return;
    const revoke = await deps.autoRevokeLeaked({
      userId: found.userId,
      allOrgs: found.allOrgs === 1,
      orgId: found.orgId,
    });
    const actor: AuditActor = { userId: null, name: "leak report", ...reporter };
    const reportedFrom = { clientIp: reporter.clientIp, userAgent: reporter.userAgent?.slice(0, 512) ?? null };
    await recordAuditEvent(deps.db, {
      eventType: "Token.PatPublicDiscoveryEvent",
      actor,
      timestamp: now,
      orgId: found.orgId,
      authorizationId: found.authorizationId,
      tokenDisplayName: found.displayName,
      details: { reason: "leaked", reportedFrom, ownerUserId: found.userId, autoRevoke: revoke },
    });
    if (revoke) {
      await deps.revocations.revoke({ kind: "system" }, { authorizationIds: [found.authorizationId] }, "leaked", now, {
        reportedFrom,
      });
    }
  }

  async function process(values: readonly string[], reporter: LeakReporter): Promise<void> {
    for (const value of new Set(values)) {
      try {
        await handle(value, reporter);
      } catch (error) {
        // The error is the store's (it never carries the value: only its keyed hash was sent).
        deps.logger.error({ err: error }, "a leak report could not be processed");
      }
    }
  }

  return {
    /** Seconds the address must wait before reporting again, or 0 when this report is admitted. */
    admit(clientIp: string): number {
      return limiter.failed(clientIp, deps.clock.now().getTime());
    },
    /** Queues a validated report, processed after the caller has answered; false when the queue is full. */
    submit(values: readonly string[], reporter: LeakReporter): boolean {
      if (pendingValues + values.length > MAX_PENDING_LEAK_VALUES) return false;
      pendingValues += values.length;
      const processed = () =>
        new Promise<void>((resolve) =>
          setImmediate(
            () =>
              void process(values, reporter).finally(() => {
                pendingValues -= values.length;
                resolve();
              }),
          ),
        );
      queue = queue.then(processed);
      return true;
    },
    /** Resolves once every report submitted so far has been processed (tests, shutdown). */
    drained(): Promise<void> {
      return queue;
    },
  };
}

export type LeakReports = ReturnType<typeof createLeakReports>;
