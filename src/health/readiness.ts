/**
 * Whether this process wants new traffic. It stops wanting it the moment it starts stopping
 * (SIGTERM), so `/readyz` answers 503 and a load balancer sends the next requests elsewhere
 * while the ones in flight finish (see app.ts and docs/availability.md).
 */
export class Readiness {
  private stopping = false;

  /** From now on `/readyz` answers 503. */
  drain(): void {
    this.stopping = true;
  }

  /** True once the process has started stopping. */
  get draining(): boolean {
    return this.stopping;
  }
}
