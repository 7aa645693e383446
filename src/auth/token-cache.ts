/**
 * A bounded, short-lived cache of verified token records, keyed by secret hash. Entries expire
 * after a TTL (the bound on how long another process's revocation can take to be seen here);
 * changes made in this process invalidate the affected authorization at once. Bounded so that a
 * flood of distinct valid tokens cannot grow memory without limit (oldest entries go first).
 */

export class TokenCache<V extends { authorizationId: string }> {
  private readonly byHash = new Map<string, { value: V; expiresAt: number }>();
  private readonly hashesByAuthorization = new Map<string, Set<string>>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  /** The cached value, if present and fresh at `nowMs`. */
  get(secretHash: string, nowMs: number): V | undefined {
    const entry = this.byHash.get(secretHash);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= nowMs) {
      this.delete(secretHash, entry.value.authorizationId);
      return undefined;
    }
    return entry.value;
  }

  /** Stores a value, evicting the oldest entry when full. */
  set(secretHash: string, value: V, nowMs: number): void {
    if (this.ttlMs === 0) return;
    if (!this.byHash.has(secretHash) && this.byHash.size >= this.maxEntries) {
      const oldest = this.byHash.entries().next().value;
      if (oldest) this.delete(oldest[0], oldest[1].value.authorizationId);
    }
    this.byHash.set(secretHash, { value, expiresAt: nowMs + this.ttlMs });
    let hashes = this.hashesByAuthorization.get(value.authorizationId);
    if (hashes === undefined) {
      hashes = new Set();
      this.hashesByAuthorization.set(value.authorizationId, hashes);
    }
    hashes.add(secretHash);
  }

  /** Drops every cached secret of an authorization (after revoke, update, regenerate). */
  invalidateAuthorization(authorizationId: string): void {
    for (const hash of this.hashesByAuthorization.get(authorizationId) ?? []) this.byHash.delete(hash);
    this.hashesByAuthorization.delete(authorizationId);
  }

  /** Drops everything (after changes to users or memberships). */
  clear(): void {
    this.byHash.clear();
    this.hashesByAuthorization.clear();
  }

  private delete(secretHash: string, authorizationId: string): void {
    this.byHash.delete(secretHash);
    const hashes = this.hashesByAuthorization.get(authorizationId);
    hashes?.delete(secretHash);
    if (hashes?.size === 0) this.hashesByAuthorization.delete(authorizationId);
  }
}
