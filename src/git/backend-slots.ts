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
  /** Requests refused a slot so far (queue full, or no slot came free in time), for the metrics. */
  refused(): number;
}

interface Waiter {
  grant(release: ReleaseSlot | undefined): void;
}

/** Slots for at most `limit` concurrent backends, with at most `limit` requests waiting. */
export function createBackendSlots(limit: number): BackendSlots {
  let running = 0;
  let refused = 0;
  const waiting: Waiter[] = [];
  const refuse = () => {
    refused++;
    return undefined;
  };

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
    refused: () => refused,
    acquire(waitMs, signal) {
      if (running < limit) {
        running++;
        return Promise.resolve(releaser());
      }
      if (signal?.aborted) return Promise.resolve(undefined);
      if (waitMs <= 0 || waiting.length >= limit) return Promise.resolve(refuse());
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
        // Waiting out the time is a refusal; a client that left was not refused.
        const timer = setTimeout(() => {
          leave();
          resolve(refuse());
        }, waitMs);
        signal?.addEventListener("abort", giveUp, { once: true });
        waiting.push(waiter);
      });
    },
  };
}
