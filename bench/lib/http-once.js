// One HTTP request with Node's client, for recording and checking responses outside the load runs.
import http from "node:http";

/** Sends one request; resolves to { status, headers, rawHeaders, body } (body as a Buffer). */
export function request(url, { method = "GET", headers = {}, body, localAddress } = {}) {
  return new Promise((resolve, reject) => {
    const outgoing = http.request(url, { method, headers, localAddress, agent: false }, (response) => {
      const chunks = [];
      response.on("data", (chunk) => chunks.push(chunk));
      response.on("end", () =>
        resolve({
          status: response.statusCode,
          headers: response.headers,
          rawHeaders: response.rawHeaders,
          body: Buffer.concat(chunks),
        }),
      );
      response.on("error", reject);
    });
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}

/** Sends one request and fails unless the status is `expected`. */
export async function expectStatus(url, expected, settings) {
  const response = await request(url, settings);
  if (response.status !== expected) {
    throw new Error(`${settings?.method ?? "GET"} ${new URL(url).pathname}: ${response.status}, expected ${expected}`);
  }
  return response;
}
