/**
 * Per-address lanes for cold token lookups (cache misses that go to the store).
 *
 * Threat: a flood of distinct forged tokens from one client misses every cache, and each miss is
 * a store query; with an asynchronous store (PostgreSQL's pool of connections) one address could
 * fill the pool and make every other client's lookups queue behind its garbage. So one address
 * may have only a few lookups in flight; the rest of its requests wait in its own lane, in order,
 * while other addresses keep theirs. Nobody is refused: a valid token from a busy address still
 * gets verified, just after that address's earlier lookups. A synchronous store (SQLite) never
 * has a lookup in flight when the next request arrives, so it never waits here.
 */

/** Cold lookups one address may have in flight: enough for a client's parallel requests, a fraction of the pool. */
export const COLD_LOOKUPS_PER_ADDRESS = 2;

interface Lane {
  active: number;
  readonly waiting: (() => void)[];
}

/** The lanes of one process; an address's entry exists only while it has lookups in flight. */
export class LookupLanes {
  private readonly lanes = new Map<string, Lane>();

  constructor(private readonly perAddress: number = COLD_LOOKUPS_PER_ADDRESS) {}

  /** Runs `load` in `address`'s lane: at once when it has room, else after its earlier lookups. */
  run<T>(address: string, load: () => T | Promise<T>): T | Promise<T> {
    let lane = this.lanes.get(address);
    if (lane === undefined) {
      lane = { active: 0, waiting: [] };
      this.lanes.set(address, lane);
    }
    if (lane.active < this.perAddress) {
      lane.active++;
      return this.start(address, lane, load);
    }
    const queued = lane;
    // The finishing lookup hands its slot over (see release): `active` is not raised again.
    return new Promise<void>((resolve) => queued.waiting.push(resolve)).then(() => this.start(address, queued, load));
  }

  /** Addresses with lookups in flight or waiting (for tests and diagnostics). */
  get size(): number {
    return this.lanes.size;
  }

  private start<T>(address: string, lane: Lane, load: () => T | Promise<T>): T | Promise<T> {
    let result: T | Promise<T>;
    try {
      result = load();
    } catch (error) {
      this.release(address, lane);
      throw error;
    }
    if (!(result instanceof Promise)) {
      this.release(address, lane);
      return result;
    }
    return result.finally(() => this.release(address, lane));
  }

  private release(address: string, lane: Lane): void {
    const next = lane.waiting.shift();
    if (next !== undefined) {
      next();
      return;
    }
    lane.active--;
    if (lane.active === 0) this.lanes.delete(address);
  }
}
