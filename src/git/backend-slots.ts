/**
 * How many `git http-backend` processes may run at once in this Patina process: a counting
 * semaphore with a short, bounded wait queue.
 *
 * Threat model: every smart-HTTP request costs a few git processes (tens of MB) for as long as
 * its client keeps it open, and a client can keep one open by never finishing its body. Without
 * a bound, a handful of sockets exhaust memory and process slots. A slot is held until git has
 * exited, not until the response is sent, so the count is the count of live backends. Requests
 * that find no slot wait a little (git clients do not retry, so a short burst should not fail),
 * at most as many as there are slots; beyond that, or after the wait, they are refused.
 */

/** Gives a slot back; calling it again does nothing. */
export type ReleaseSlot = () => void;

/** The slots of one process. */
export interface BackendSlots {
  /**
   * A slot, at once or after waiting up to `waitMs`; undefined when none came free in time, the
   * queue is full, or `signal` fired (the client went away while waiting).
   */
  acquire(waitMs: number, signal?: AbortSignal): Promise<ReleaseSlot | undefined>;
  /** Backends running now. */
  running(): number;
}

interface Waiter {
  grant(release: ReleaseSlot | undefined): void;
}

/** Slots for at most `limit` concurrent backends, with at most `limit` requests waiting. */
export function createBackendSlots(limit: number): BackendSlots {
  let running = 0;
  const waiting: Waiter[] = [];

  const releaser = (): ReleaseSlot => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // Hand the slot straight to the oldest waiter, so a queued request cannot be overtaken.
      const next = waiting.shift();
      if (next) next.grant(releaser());
      else running--;
    };
  };

  return {
    running: () => running,
    acquire(waitMs, signal) {
      if (running < limit) {
        running++;
        return Promise.resolve(releaser());
      }
      if (waitMs <= 0 || waiting.length >= limit || signal?.aborted) return Promise.resolve(undefined);
      return new Promise((resolve) => {
        const leave = () => {
          const index = waiting.indexOf(waiter);
          if (index >= 0) waiting.splice(index, 1);
          clearTimeout(timer);
          signal?.removeEventListener("abort", giveUp);
        };
        const giveUp = () => {
          leave();
          resolve(undefined);
        };
        const waiter: Waiter = {
          grant(release) {
            leave();
            resolve(release);
          },
        };
        const timer = setTimeout(giveUp, waitMs);
        signal?.addEventListener("abort", giveUp, { once: true });
        waiting.push(waiter);
      });
    },
  };
}
