// The baseline for `npm run bench`: a bare Node http server answering a fixed JSON body, a
// connectionData answer of the same shape and size as Patina's, so the comparison measures
// what Patina adds (routing, api-version, authentication, authorization), not payload size.
import http from "node:http";
import { buildConnectionData } from "../dist/location/connection-data.js";

const owner = { id: "6f1a2b3c-0000-4000-8000-000000000000", username: "bench", displayName: "bench" };
const body = JSON.stringify(
  buildConnectionData({
    owner: { ...owner, email: "bench@example.com", isAdmin: false, isDisabled: false },
    publicUrl: process.env.PATINA_PUBLIC_URL ?? "http://127.0.0.1:8080",
    deploymentId: "0e3f5a1e-0000-4000-8000-000000000000",
  }),
);

const server = http.createServer((_request, response) => {
  response.writeHead(200, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(body),
  });
  response.end(body);
});
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
