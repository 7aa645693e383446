/**
 * A bounded, short-lived cache of verified token records, keyed by the presented value. Entries expire
 * after a TTL (the bound on how long another process's revocation can take to be seen here);
 * changes made in this process invalidate the affected authorization at once. Bounded so that a
 * flood of distinct valid tokens cannot grow memory without limit (oldest entries go first).
 */

export class TokenCache<V extends { authorizationId: string }> {
  private readonly byKey = new Map<string, { value: V; expiresAt: number }>();
  private readonly keysByAuthorization = new Map<string, Set<string>>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  /** The cached value, if present and fresh at `nowMs`. */
  get(cacheKey: string, nowMs: number): V | undefined {
    const entry = this.byKey.get(cacheKey);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= nowMs) {
      this.delete(cacheKey, entry.value.authorizationId);
      return undefined;
    }
    return entry.value;
  }

  /** Stores a value, evicting the oldest entry when full. */
  set(cacheKey: string, value: V, nowMs: number): void {
    if (this.ttlMs === 0) return;
    if (!this.byKey.has(cacheKey) && this.byKey.size >= this.maxEntries) {
      const oldest = this.byKey.entries().next().value;
      if (oldest) this.delete(oldest[0], oldest[1].value.authorizationId);
    }
    this.byKey.set(cacheKey, { value, expiresAt: nowMs + this.ttlMs });
    let keys = this.keysByAuthorization.get(value.authorizationId);
    if (keys === undefined) {
      keys = new Set();
      this.keysByAuthorization.set(value.authorizationId, keys);
    }
    keys.add(cacheKey);
  }

  /** Drops every cached secret of an authorization (after revoke, update, regenerate). */
  invalidateAuthorization(authorizationId: string): void {
    for (const key of this.keysByAuthorization.get(authorizationId) ?? []) this.byKey.delete(key);
    this.keysByAuthorization.delete(authorizationId);
  }

  /** Drops everything (after changes to users or memberships). */
  clear(): void {
    this.byKey.clear();
    this.keysByAuthorization.clear();
  }

  private delete(cacheKey: string, authorizationId: string): void {
    this.byKey.delete(cacheKey);
    const keys = this.keysByAuthorization.get(authorizationId);
    keys?.delete(cacheKey);
    if (keys?.size === 0) this.keysByAuthorization.delete(authorizationId);
  }
}
