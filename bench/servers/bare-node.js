// The baseline of the throughput bench: a bare Node http server that answers every request with
// the very bytes Patina answered an authenticated GET /_apis/connectionData with (status,
// headers, body), so the comparison measures what Patina adds, not payload size.
import http from "node:http";
import { announcePort, readRecordedResponse } from "./recorded-response.js";

const { status, headers, body } = readRecordedResponse(process.argv[2]);

const server = http.createServer((_request, response) => {
  response.writeHead(status, headers);
  response.end(body);
});
server.listen(0, "127.0.0.1", () => announcePort(server.address().port));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
