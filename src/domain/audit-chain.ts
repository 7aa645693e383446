/**
 * The audit log's hash chain (SPEC section 8), as pure rules: the canonical form an event is
 * hashed in, and the checks that walk a chain.
 *
 * Model: one chain per organization (its id) and one for events without an organization
 * (`instance`). Each event stores the hash of the event before it in its chain (`prevHash`) and
 * its own hash over its fields and that `prevHash`. Changing a field breaks the event's own
 * hash; removing, inserting or moving an event breaks the link of the event after it; cutting
 * the newest events off is seen against the chain's head (its last position and hash, kept in a
 * row of its own). Pruning moves the chain's anchor (the position and hash of the last pruned
 * event), so the first kept event links to the anchor instead of to nothing.
 *
 * Threat: someone with write access to the database edits, deletes or reorders events. The
 * chain makes that evident; it cannot stop someone who also rewrites every later hash and the
 * head. Against that, keep the head hashes `patina audit verify` prints somewhere else.
 */
import { createHash } from "node:crypto";

/** The chain of events that have no organization. */
export const INSTANCE_CHAIN = "instance";

/** The previous hash of a chain's first event (and the anchor of a never-pruned chain). */
export const GENESIS_HASH = "0".repeat(64);

/** The version tag that opens every canonical form, so a future form can never collide. */
export const CHAIN_FORM_VERSION = "patina-audit-v1";

/** The fields of an event that its hash covers, as stored. */
export interface ChainedFields {
  readonly chainKey: string;
  readonly id: string;
  readonly eventType: string;
  readonly timestamp: string;
  readonly actorUserId: string | null;
  readonly actorName: string | null;
  readonly clientIp: string | null;
  readonly userAgent: string | null;
  readonly orgId: string | null;
  readonly authorizationId: string | null;
  readonly tokenDisplayName: string | null;
  /** The stored JSON text, hashed as it is (not re-serialized). */
  readonly details: string;
}

/** The chain an event belongs to. */
export function chainKeyOf(orgId: string | null | undefined): string {
  return orgId ?? INSTANCE_CHAIN;
}

/**
 * The canonical form: a JSON array (no whitespace, ECMAScript `JSON.stringify` escaping) of the
 * version tag, the fields in this order, and the previous hash. Documented in
 * docs/administration.md so an auditor can recompute it.
 */
export function canonicalForm(event: ChainedFields, prevHash: string): string {
  return JSON.stringify([
    CHAIN_FORM_VERSION,
    event.chainKey,
    event.id,
    event.eventType,
    event.timestamp,
    event.actorUserId,
    event.actorName,
    event.clientIp,
    event.userAgent,
    event.orgId,
    event.authorizationId,
    event.tokenDisplayName,
    event.details,
    prevHash,
  ]);
}

/** SHA-256 (lower-case hex) of the canonical form. */
export function eventHash(event: ChainedFields, prevHash: string): string {
  return createHash("sha256").update(canonicalForm(event, prevHash), "utf8").digest("hex");
}

/** One stored event as the walk sees it. */
export interface ChainedEvent extends ChainedFields {
  readonly seq: number;
  readonly chainPosition: number | null;
  readonly prevHash: string | null;
  readonly hash: string | null;
}

/** Where the walk stands: the last event checked (or the anchor). */
export interface WalkState {
  readonly position: number;
  readonly hash: string;
  readonly seq: number;
  /** The id of the last event checked, or null at the anchor. */
  readonly eventId: string | null;
}

/** The first problem of a chain. */
export interface ChainProblem {
  readonly eventId: string | null;
  readonly position: number;
  readonly problem: "changed" | "removed" | "reordered" | "unchained";
  readonly message: string;
}

/** The walk's state at a chain's anchor. */
export function anchorState(anchorPosition: number, anchorHash: string): WalkState {
  return { position: anchorPosition, hash: anchorHash, seq: 0, eventId: null };
}

/** Checks the next stored event of a chain against the walk so far. */
export function checkNext(state: WalkState, event: ChainedEvent): ChainProblem | WalkState {
  const at = (problem: ChainProblem["problem"], message: string): ChainProblem => ({
    eventId: event.id,
    position: event.chainPosition ?? state.position + 1,
    problem,
    message,
  });
  if (event.hash === null || event.prevHash === null || event.chainPosition === null) {
    return at("unchained", `event ${event.id} carries no chain hash`);
  }
  if (eventHash(event, event.prevHash) !== event.hash) {
    return at(
      "changed",
      `event ${event.id} at position ${event.chainPosition} was changed: its hash does not match its content`,
    );
  }
  const expected = state.position + 1;
  if (event.chainPosition > expected) {
    const missing = expected === event.chainPosition - 1 ? `${expected}` : `${expected}–${event.chainPosition - 1}`;
    return at(
      "removed",
      `event(s) at position ${missing} were removed: the next event is ${event.id} at position ${event.chainPosition}`,
    );
  }
  if (event.prevHash !== state.hash || event.chainPosition < expected || event.seq <= state.seq) {
    const before = state.eventId ?? "the chain's anchor";
    return at(
      "reordered",
      `event ${event.id} at position ${event.chainPosition} does not follow ${before}: events were reordered, or removed and renumbered`,
    );
  }
  return { position: event.chainPosition, hash: event.hash, seq: event.seq, eventId: event.id };
}

/** Checks the end of a walk against the chain's head. */
export function checkHead(state: WalkState, headPosition: number, headHash: string): ChainProblem | undefined {
  if (state.position < headPosition) {
    const missing = state.position + 1 === headPosition ? `${headPosition}` : `${state.position + 1}–${headPosition}`;
    return {
      eventId: null,
      position: state.position + 1,
      problem: "removed",
      message: `the newest event(s) at position ${missing} were removed: the chain ends at ${state.eventId ?? "its anchor"}`,
    };
  }
  if (state.position > headPosition || state.hash !== headHash) {
    return {
      eventId: state.eventId,
      position: state.position,
      problem: "changed",
      message: `the chain's head does not match its last event ${state.eventId ?? "(none)"}`,
    };
  }
  return undefined;
}
