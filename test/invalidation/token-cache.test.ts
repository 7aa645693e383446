/**
 * The token cache on its own: a record read before an invalidation that touches it is never
 * stored; user events drop only that user's entries; memory stays bounded.
 */
import { describe, expect, it } from "vitest";
import { TokenCache } from "../../src/auth/token-cache.js";

interface Entry {
  authorizationId: string;
  owner: { id: string };
}
const entry = (authorizationId: string, ownerId: string): Entry => ({ authorizationId, owner: { id: ownerId } });
const NOW = 1_000_000;

describe("the token cache", () => {
  it("refuses a record read before its authorization was invalidated", () => {
    const cache = new TokenCache<Entry>(60_000, 100);
    const before = cache.generation();
    cache.invalidateAuthorization("a1");
    cache.set("k1", entry("a1", "u1"), NOW, before);
    expect(cache.get("k1", NOW)).toBeUndefined();
    // A record read after the invalidation is fresh and is kept.
    cache.set("k1", entry("a1", "u1"), NOW, cache.generation());
    expect(cache.get("k1", NOW)).toBeDefined();
  });

  it("keeps a record read before an invalidation of another authorization", () => {
    const cache = new TokenCache<Entry>(60_000, 100);
    const before = cache.generation();
    cache.invalidateAuthorization("a2");
    cache.set("k1", entry("a1", "u1"), NOW, before);
    expect(cache.get("k1", NOW)).toBeDefined();
  });

  it("refuses a record read before its owner was invalidated, or before everything was", () => {
    const cache = new TokenCache<Entry>(60_000, 100);
    const beforeUser = cache.generation();
    cache.invalidateUser("u1");
    cache.set("k1", entry("a1", "u1"), NOW, beforeUser);
    expect(cache.get("k1", NOW)).toBeUndefined();
    const beforeClear = cache.generation();
    cache.clear();
    cache.set("k2", entry("a2", "u2"), NOW, beforeClear);
    expect(cache.get("k2", NOW)).toBeUndefined();
  });

  it("drops only the invalidated user's entries", () => {
    const cache = new TokenCache<Entry>(60_000, 100);
    cache.set("alice-1", entry("a1", "alice"), NOW, cache.generation());
    cache.set("alice-2", entry("a2", "alice"), NOW, cache.generation());
    cache.set("bob-1", entry("b1", "bob"), NOW, cache.generation());
    cache.invalidateUser("alice");
    expect(cache.get("alice-1", NOW)).toBeUndefined();
    expect(cache.get("alice-2", NOW)).toBeUndefined();
    expect(cache.get("bob-1", NOW)).toBeDefined();
  });

  it("drops every secret of an authorization, and everything on clear", () => {
    const cache = new TokenCache<Entry>(60_000, 100);
    cache.set("old-secret", entry("a1", "alice"), NOW, cache.generation());
    cache.set("new-secret", entry("a1", "alice"), NOW, cache.generation());
    cache.set("other", entry("a2", "alice"), NOW, cache.generation());
    cache.invalidateAuthorization("a1");
    expect(cache.get("old-secret", NOW)).toBeUndefined();
    expect(cache.get("new-secret", NOW)).toBeUndefined();
    expect(cache.get("other", NOW)).toBeDefined();
    cache.clear();
    expect(cache.size).toBe(0);
  });

  it("stays bounded, and forgetting old invalidations never lets a stale record in", () => {
    const cache = new TokenCache<Entry>(60_000, 10);
    const before = cache.generation();
    cache.invalidateAuthorization("a1");
    // Many more invalidations than the cache remembers: a1's is forgotten.
    for (let i = 0; i < 50; i++) cache.invalidateUser(`user-${i}`);
    cache.set("k1", entry("a1", "u1"), NOW, before);
    expect(cache.get("k1", NOW)).toBeUndefined();
    for (let i = 0; i < 50; i++) cache.set(`k-${i}`, entry(`a-${i}`, `u-${i}`), NOW, cache.generation());
    expect(cache.size).toBe(10);
    expect(cache.get("k-49", NOW)).toBeDefined();
    expect(cache.get("k-0", NOW)).toBeUndefined();
  });

  it("expires entries after the TTL and stores nothing with a TTL of 0", () => {
    const cache = new TokenCache<Entry>(1000, 10);
    cache.set("k1", entry("a1", "u1"), NOW, cache.generation());
    expect(cache.get("k1", NOW + 999)).toBeDefined();
    expect(cache.get("k1", NOW + 1000)).toBeUndefined();
    const off = new TokenCache<Entry>(0, 10);
    off.set("k1", entry("a1", "u1"), NOW, off.generation());
    expect(off.get("k1", NOW)).toBeUndefined();
  });
});
