/** What a client sees of a server's listening socket. */
import net from "node:net";

/** Whether a new TCP connection to the server's port is accepted. */
export function accepts(base: string): Promise<boolean> {
  const url = new URL(base);
  return new Promise((resolve) => {
    const socket = net.connect(Number(url.port), url.hostname);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** Whether new connections are refused within a few seconds (the listener closes as the stop begins). */
export async function refusedSoon(base: string): Promise<boolean> {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    if (!(await accepts(base))) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return false;
}
