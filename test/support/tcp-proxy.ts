/**
 * A loopback TCP proxy between a Patina under test and its PostgreSQL server, so a test can
 * make "the database is unreachable" happen for its own instance only: other suites share the
 * server and must not notice. `cut()` destroys every proxied connection and refuses new ones
 * (a connection is accepted and reset at once, as a dead or restarting server looks);
 * `restore()` forwards again.
 */
import net from "node:net";
import type { TestDatabase } from "./databases.js";

/** A fresh PostgreSQL database of `database` that the instance reaches through `proxy` only. */
export function behindProxy(database: TestDatabase, proxy: TcpProxy | (() => TcpProxy)): TestDatabase {
  return {
    name: "postgres",
    async create() {
      const created = await database.create();
      const url = new URL(created.databaseUrl ?? "");
      url.port = String((typeof proxy === "function" ? proxy() : proxy).port);
      return { ...created, databaseUrl: url.toString() };
    },
  };
}

export interface TcpProxy {
  /** The proxy's loopback port. */
  readonly port: number;
  /** Connections open through the proxy now. */
  readonly open: number;
  /** Destroys every connection and refuses new ones until restore(). */
  cut(): void;
  /**
   * Keeps forwarding what clients send but drops every answer from now on (a link that died in
   * one direction): a statement still reaches the server and runs, its answer never arrives.
   */
  dropAnswers(): void;
  /** Forwards new connections again (and answers, after dropAnswers). */
  restore(): void;
  close(): Promise<void>;
}

/** Starts a proxy to `target` (host and port) on a free loopback port. */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket }>();
  let refusing = false;
  let dropping = false;
  const server = net.createServer((client) => {
    if (refusing) {
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect(target.port, target.host);
    const pair = { client, upstream };
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on("error", end).on("close", end);
    upstream.on("error", end).on("close", end);
    client.pipe(upstream);
    upstream.on("data", (chunk: Buffer) => {
      if (!dropping) client.write(chunk);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as net.AddressInfo;
  const cut = () => {
    refusing = true;
    for (const { client, upstream } of [...pairs]) {
      client.resetAndDestroy();
      upstream.destroy();
    }
    pairs.clear();
  };
  return {
    port,
    get open() {
      return pairs.size;
    },
    cut,
    dropAnswers() {
      dropping = true;
    },
    restore() {
      refusing = false;
      dropping = false;
    },
    async close() {
      cut();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
