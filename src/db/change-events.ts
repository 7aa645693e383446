/**
 * Typed change events: what another process (or this one's caches) must learn after a change
 * commits. Services record an event inside the write's transaction, so other processes hear of
 * it exactly when (and only if) the change commits, and apply it locally after the commit, so
 * this process honours the change before the call returns.
 */
import type { Queryable } from "./query.js";

/** One committed change that may make cached verifications wrong. */
export type ChangeEvent =
  /** A token was created, updated, regenerated or revoked. */
  | { kind: "token"; authorizationId: string }
  /** A user was disabled, enabled or otherwise changed. */
  | { kind: "user"; userId: string }
  /** A user's memberships changed (added, role changed, removed). */
  | { kind: "membership"; userId: string }
  /** A policy (instance or organization) changed: every process reloads its policy snapshot. */
  | { kind: "policy" }
  /** Anything else that invalidates every cache. */
  | { kind: "all" };

/** How services announce their changes. */
export interface ChangeAnnouncer {
  /** Inside the write's transaction: other processes hear of the change when it commits. */
  record(trx: Queryable, event: ChangeEvent): Promise<void>;
  /**
   * After the commit, awaited before the change's request answers: this process's caches forget
   * what the change affects at once, and the promise resolves when every other live instance
   * has applied it too (bounded; see change-barrier.ts), so no request begun after the answer
   * is served from a stale cache anywhere.
   */
  applied(event: ChangeEvent): Promise<void>;
  /** Another process's change (or a resync's `all`): applied to this process's caches only. */
  received(event: ChangeEvent): Promise<void>;
}

/** Parses an event received from another process; undefined for anything malformed. */
export function parseChangeEvent(payload: string): ChangeEvent | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null) return undefined;
  const event = parsed as Record<string, unknown>;
  if (event.kind === "token" && typeof event.authorizationId === "string") {
    return { kind: "token", authorizationId: event.authorizationId };
  }
  if ((event.kind === "user" || event.kind === "membership") && typeof event.userId === "string") {
    return { kind: event.kind, userId: event.userId };
  }
  if (event.kind === "policy") return { kind: "policy" };
  if (event.kind === "all") return { kind: "all" };
  return undefined;
}
