/**
 * A loopback TCP proxy between a Patina under test and its PostgreSQL server, so a test can
 * make "the database is unreachable" happen for its own instance only: other suites share the
 * server and must not notice. `cut()` destroys every proxied connection and refuses new ones
 * (a connection is accepted and reset at once, as a dead or restarting server looks);
 * `restore()` forwards again.
 */
import net from "node:net";

export interface TcpProxy {
  /** The proxy's loopback port. */
  readonly port: number;
  /** Connections open through the proxy now. */
  readonly open: number;
  /** Destroys every connection and refuses new ones until restore(). */
  cut(): void;
  /** Forwards new connections again. */
  restore(): void;
  close(): Promise<void>;
}

/** Starts a proxy to `target` (host and port) on a free loopback port. */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket }>();
  let refusing = false;
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
    upstream.pipe(client);
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
    restore() {
      refusing = false;
    },
    async close() {
      cut();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
