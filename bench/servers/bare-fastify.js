// For reference in the throughput bench: a bare Fastify route (no plugins, no hooks, no logger)
// answering the same bytes as bench/servers/bare-node.js, i.e. Patina's recorded response. It
// shows how much of Patina's gap to bare Node is Fastify's own per-request work.
import Fastify from "fastify";
import { announcePort, readRecordedResponse } from "./recorded-response.js";

const { status, headers, body } = readRecordedResponse(process.argv[2]);

const headerObject = {};
for (let i = 0; i < headers.length; i += 2) headerObject[headers[i]] = headers[i + 1];

const app = Fastify({ logger: false });
app.get("/_apis/connectionData", (_request, reply) => {
  reply.code(status).headers(headerObject).send(body);
});
await app.listen({ port: 0, host: "127.0.0.1" });
announcePort(app.server.address().port);
process.on("SIGTERM", () => app.close().then(() => process.exit(0)));
