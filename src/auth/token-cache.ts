/**
 * A bounded, short-lived cache of verified token records, keyed by the presented value.
 *
 * Threat: a stale "yes". A revoked token, or one whose owner was disabled, must not be honoured
 * from memory. Changes invalidate the affected entries at once (this process's own changes
 * before the call returns, other processes' through the change feed), and the TTL is the last
 * resort when an event could not arrive at all.
 *
 * Invalidation alone is not enough: a verification that read the store just before a revoke
 * committed would otherwise store the old record *after* the invalidation and undo it for a
 * whole TTL. So every invalidation takes a number from a counter, the verifier notes the counter
 * before it reads the store (`generation()`), and `set` refuses a record read before a later
 * invalidation of its authorization, of its owner, or of everything.
 *
 * Bounded: at most `maxEntries` cached records (oldest go first, so a flood of distinct valid
 * tokens cannot grow memory) and at most `maxEntries` remembered invalidations; forgetting the
 * oldest raises a floor below which every `set` is refused (never a wrong "yes", at worst one
 * more store read).
 */

/** What the cache needs to know about a record to invalidate it. */
export interface Invalidatable {
  readonly authorizationId: string;
  readonly owner: { readonly id: string };
}

export class TokenCache<V extends Invalidatable> {
  private readonly byKey = new Map<string, { value: V; expiresAt: number }>();
  private readonly keysByAuthorization = new Map<string, Set<string>>();
  private readonly keysByOwner = new Map<string, Set<string>>();
  /** Invalidation counter: one step per invalidation, so "later" is a comparison. */
  private counter = 0;
  /** Records read before this generation are never stored (after clear() or a forgotten invalidation). */
  private floor = 0;
  /** The generation of the latest invalidation per "a:authorizationId" / "u:userId", oldest first. */
  private readonly invalidatedAt = new Map<string, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  /** The current generation; capture it before reading the store and pass it to `set`. */
  generation(): number {
    return this.counter;
  }

  /** The cached value, if present and fresh at `nowMs`. Synchronous and cheap: the hot path. */
  get(cacheKey: string, nowMs: number): V | undefined {
    const entry = this.byKey.get(cacheKey);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= nowMs) {
      this.delete(cacheKey, entry.value);
      return undefined;
    }
    return entry.value;
  }

  /**
   * Stores a value read from the store at `generation`, unless an invalidation touching it has
   * happened since (then the value may predate that change). Evicts the oldest entry when full.
   */
  set(cacheKey: string, value: V, nowMs: number, generation: number): void {
    if (this.ttlMs === 0 || this.isStale(value, generation)) return;
    const previous = this.byKey.get(cacheKey);
    if (previous !== undefined) this.delete(cacheKey, previous.value);
    else if (this.byKey.size >= this.maxEntries) {
      const oldest = this.byKey.entries().next().value;
      if (oldest) this.delete(oldest[0], oldest[1].value);
    }
    this.byKey.set(cacheKey, { value, expiresAt: nowMs + this.ttlMs });
    addTo(this.keysByAuthorization, value.authorizationId, cacheKey);
    addTo(this.keysByOwner, value.owner.id, cacheKey);
  }

  /** Drops every cached secret of an authorization (after create, revoke, update, regenerate). */
  invalidateAuthorization(authorizationId: string): void {
    this.remember(`a:${authorizationId}`);
    for (const key of [...(this.keysByAuthorization.get(authorizationId) ?? [])]) this.dropKey(key);
  }

  /** Drops every cached token of one owner (after the user or their memberships change). */
  invalidateUser(userId: string): void {
    this.remember(`u:${userId}`);
    for (const key of [...(this.keysByOwner.get(userId) ?? [])]) this.dropKey(key);
  }

  /** Drops everything, and refuses every record read before now. */
  clear(): void {
    this.counter += 1;
    this.floor = this.counter;
    this.invalidatedAt.clear();
    this.byKey.clear();
    this.keysByAuthorization.clear();
    this.keysByOwner.clear();
  }

  /** How many records are cached (for tests and metrics). */
  get size(): number {
    return this.byKey.size;
  }

  private isStale(value: V, generation: number): boolean {
    if (generation < this.floor) return true;
    const byAuthorization = this.invalidatedAt.get(`a:${value.authorizationId}`);
    if (byAuthorization !== undefined && generation < byAuthorization) return true;
    const byOwner = this.invalidatedAt.get(`u:${value.owner.id}`);
    return byOwner !== undefined && generation < byOwner;
  }

  private remember(target: string): void {
    this.counter += 1;
    // Re-inserting keeps the map ordered by generation, so the first entry is the oldest.
    this.invalidatedAt.delete(target);
    this.invalidatedAt.set(target, this.counter);
    if (this.invalidatedAt.size > this.maxEntries) {
      const oldest = this.invalidatedAt.entries().next().value;
      if (oldest) {
        this.invalidatedAt.delete(oldest[0]);
        this.floor = Math.max(this.floor, oldest[1]);
      }
    }
  }

  private dropKey(cacheKey: string): void {
    const entry = this.byKey.get(cacheKey);
    if (entry !== undefined) this.delete(cacheKey, entry.value);
  }

  private delete(cacheKey: string, value: V): void {
    this.byKey.delete(cacheKey);
    removeFrom(this.keysByAuthorization, value.authorizationId, cacheKey);
    removeFrom(this.keysByOwner, value.owner.id, cacheKey);
  }
}

function addTo(index: Map<string, Set<string>>, id: string, cacheKey: string): void {
  let keys = index.get(id);
  if (keys === undefined) {
    keys = new Set();
    index.set(id, keys);
  }
  keys.add(cacheKey);
}

function removeFrom(index: Map<string, Set<string>>, id: string, cacheKey: string): void {
  const keys = index.get(id);
  keys?.delete(cacheKey);
  if (keys?.size === 0) index.delete(id);
}
