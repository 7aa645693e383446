/**
 * The one jobs runner: a job runs at most once at a time, across instances on PostgreSQL (an
 * advisory lock) and within the process on SQLite; a failing job is logged with its name, counted,
 * and runs again at its next interval; runs are driven by the test clock through runDue.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { ScheduledJob } from "../../src/jobs/scheduled-job.js";
import { testDatabases } from "../support/databases.js";
import { startTestApp, type TestApp } from "../support/test-app.js";

const JOBS_OFF = { PATINA_JOBS: "off" };

/** A job that waits for `release()` inside its run, counting runs and the times it was given. */
function gatedJob(name: string, intervalMs = 60_000) {
  const seen: Date[] = [];
  let open: () => void = () => {};
  let gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  const job: ScheduledJob = {
    name,
    intervalMs,
    async run(now) {
      seen.push(now);
      await gate;
    },
  };
  return {
    job,
    seen,
    release() {
      open();
      gate = Promise.resolve();
    },
  };
}

async function until(condition: () => boolean): Promise<void> {
  await expect.poll(condition, { timeout: 10_000, interval: 10 }).toBe(true);
}

describe.each(testDatabases())("the jobs runner on $name", (database) => {
  const apps: TestApp[] = [];
  afterEach(async () => {
    // The second instance shares the first one's database: close it first, the first drops it.
    for (const app of apps.reverse()) await app.close();
    apps.length = 0;
  });

  it("runs a job with the clock's now, and again only once its interval passed", async () => {
    const t = await startTestApp(database, JOBS_OFF);
    apps.push(t);
    const { job, seen, release } = gatedJob("test.clock", 60_000);
    release();
    t.app.jobs.add(job);
    const start = t.clock.now();
    expect((await t.app.jobs.runDue(start))["test.clock"]).toBe("ran");
    expect(seen).toEqual([start]);
    t.clock.advance(30_000);
    expect((await t.app.jobs.runDue(t.clock.now()))["test.clock"]).toBeUndefined();
    t.clock.advance(30_000);
    expect((await t.app.jobs.runDue(t.clock.now()))["test.clock"]).toBe("ran");
    expect(seen).toEqual([start, t.clock.now()]);
    expect(t.app.jobs.counts()["test.clock"]).toEqual({ runs: 2, failures: 0, skipped: 0 });
  });

  it("never overlaps a job with itself in one process", async () => {
    const t = await startTestApp(database, JOBS_OFF);
    apps.push(t);
    const { job, seen, release } = gatedJob("test.overlap");
    t.app.jobs.add(job);
    const first = t.app.jobs.runJob("test.overlap");
    await until(() => seen.length === 1);
    expect(await t.app.jobs.runJob("test.overlap")).toBe("busy");
    release();
    expect(await first).toBe("ran");
    expect(seen).toHaveLength(1);
    expect(t.app.jobs.counts()["test.overlap"]).toEqual({ runs: 1, failures: 0, skipped: 1 });
  });

  it("logs a failing job with its name, counts it, and retries it at the next interval", async () => {
    const t = await startTestApp(database, JOBS_OFF);
    apps.push(t);
    let calls = 0;
    t.app.jobs.add({
      name: "test.flaky",
      intervalMs: 60_000,
      async run() {
        calls += 1;
        if (calls === 1) throw new Error("the first run breaks");
      },
    });
    expect((await t.app.jobs.runDue(t.clock.now()))["test.flaky"]).toBe("failed");
    const line = t.logs.map((l) => JSON.parse(l)).find((l) => l.job === "test.flaky");
    expect(line).toMatchObject({ level: 50, job: "test.flaky", msg: "scheduled job test.flaky failed" });
    expect(line.err.message).toBe("the first run breaks");
    t.clock.advance(60_000);
    expect((await t.app.jobs.runDue(t.clock.now()))["test.flaky"]).toBe("ran");
    expect(t.app.jobs.counts()["test.flaky"]).toEqual({ runs: 2, failures: 1, skipped: 0 });
    // The server is still serving.
    expect((await t.app.server.inject({ method: "GET", url: "/healthz" })).statusCode).toBe(200);
  });

  it("runs jobs on their timers once started, and not after stop", async () => {
    const t = await startTestApp(database, JOBS_OFF);
    apps.push(t);
    let runs = 0;
    t.app.jobs.add({
      name: "test.timer",
      intervalMs: 20,
      run: async () => {
        runs += 1;
      },
    });
    t.app.jobs.start();
    await until(() => runs >= 3);
    await t.app.jobs.stop();
    const stoppedAt = runs;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(runs).toBe(stoppedAt);
    expect(t.app.jobs.counts()["test.timer"]?.runs).toBe(stoppedAt);
  });

  // Two instances on one database are a PostgreSQL deployment: defined for that database only.
  if (database.name === "postgres")
    it("runs a job once when two instances on one database run it at the same time", async () => {
      const a = await startTestApp(database, JOBS_OFF);
      apps.push(a);
      const b = await startTestApp(database, JOBS_OFF, a);
      apps.push(b);
      const jobA = gatedJob("test.shared");
      const jobB = gatedJob("test.shared");
      a.app.jobs.add(jobA.job);
      b.app.jobs.add(jobB.job);
      // Both start together; whichever takes the lock holds it until released.
      const both = Promise.all([a.app.jobs.runJob("test.shared"), b.app.jobs.runJob("test.shared")]);
      await until(() => jobA.seen.length + jobB.seen.length === 1);
      // While one holds it, the other instance's next round is skipped too.
      const loser = jobA.seen.length === 1 ? b : a;
      expect(await loser.app.jobs.runJob("test.shared")).toBe("busy");
      jobA.release();
      jobB.release();
      expect((await both).sort()).toEqual(["busy", "ran"]);
      expect(jobA.seen.length + jobB.seen.length).toBe(1);
      // Released: the next round runs again, on either instance.
      expect(await b.app.jobs.runJob("test.shared")).toBe("ran");
      expect(await a.app.jobs.runJob("test.shared")).toBe("ran");
    });
});
