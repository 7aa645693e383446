import net from "node:net";

/**
 * A loopback port nobody listens on, released at once for the caller to bind. Used where a
 * server must know its address before it starts (a public URL, an nginx config).
 */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
