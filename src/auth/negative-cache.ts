/**
 * A short memory of unknown tokens: well-formed values (prefix and checksum right) that the store
 * does not know. The checksum is public, so anyone can make such values; without this, each one
 * presented again costs a store lookup, and a flood of one forged value reaches the store at full
 * speed.
 *
 * Keyed by the keyed hash, never the presented value, so a value pasted by mistake is not kept in
 * a second place in memory. Bounded (oldest out), so a flood of distinct forged values cannot grow
 * memory. Only a token change can make an unknown hash valid (create, regenerate), so every token
 * change event empties it; an epoch makes sure a lookup that started before such a change cannot
 * remember its answer after it.
 */

/**
 * How long an unknown hash is remembered. Short, because it is only a flood damper: a new token
 * cannot be in here (its value did not exist before it was created), but another process's
 * change on SQLite reaches this one only through the caches' lifetimes.
 */
export const NEGATIVE_CACHE_TTL_MS = 10_000;
/** Most unknown hashes remembered (~1 MB); beyond it the oldest are forgotten first. */
export const NEGATIVE_CACHE_ENTRIES = 10_000;

/** The negative cache of one process. */
export class NegativeTokenCache {
  private readonly expiresAtByHash = new Map<string, number>();
  private currentEpoch = 0;

  constructor(
    private readonly ttlMs: number = NEGATIVE_CACHE_TTL_MS,
    private readonly maxEntries: number = NEGATIVE_CACHE_ENTRIES,
  ) {}

  /** True when `secretHash` was found unknown within the TTL. */
  has(secretHash: string, nowMs: number): boolean {
    const expiresAt = this.expiresAtByHash.get(secretHash);
    if (expiresAt === undefined) return false;
    if (expiresAt > nowMs) return true;
    this.expiresAtByHash.delete(secretHash);
    return false;
  }

  /** The current epoch: capture it before asking the store, pass it to `remember`. */
  epoch(): number {
    return this.currentEpoch;
  }

  /** Remembers an unknown hash, unless the cache was cleared since `epoch` (the answer may be stale). */
  remember(secretHash: string, nowMs: number, epoch: number): void {
    if (epoch !== this.currentEpoch || this.ttlMs === 0) return;
    if (!this.expiresAtByHash.has(secretHash) && this.expiresAtByHash.size >= this.maxEntries) {
      const oldest = this.expiresAtByHash.keys().next();
      if (!oldest.done) this.expiresAtByHash.delete(oldest.value);
    }
    this.expiresAtByHash.set(secretHash, nowMs + this.ttlMs);
  }

  /** Forgets everything (after any token change: a created or regenerated token may have one of these hashes). */
  clear(): void {
    this.currentEpoch++;
    this.expiresAtByHash.clear();
  }

  /** The remembered hashes (for tests and diagnostics). */
  keys(): IterableIterator<string> {
    return this.expiresAtByHash.keys();
  }
}
