// The baseline for `npm run bench:git`: `git http-backend` behind the smallest Node CGI wrapper
// there is — no authentication, no routing, no framework — serving the same repositories folder
// as Patina. The comparison measures what Patina adds to a clone (Fastify, authentication,
// authorization, the repository lookup), not git's own work.
import { spawn } from "node:child_process";
import http from "node:http";

const root = process.env.GIT_PROJECT_ROOT;
if (!root) throw new Error("GIT_PROJECT_ROOT is required");

const server = http.createServer((request, response) => {
  const url = new URL(request.url ?? "/", "http://localhost");
  const env = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "",
    GIT_PROJECT_ROOT: root,
    GIT_HTTP_EXPORT_ALL: "1",
    PATH_INFO: decodeURIComponent(url.pathname),
    REQUEST_METHOD: request.method ?? "GET",
    QUERY_STRING: url.search.slice(1),
    CONTENT_TYPE: request.headers["content-type"] ?? "",
    REMOTE_ADDR: request.socket.remoteAddress ?? "",
  };
  if (request.headers["content-encoding"]) env.HTTP_CONTENT_ENCODING = request.headers["content-encoding"];
  if (request.headers["git-protocol"]) env.HTTP_GIT_PROTOCOL = request.headers["git-protocol"];
  if (request.headers["content-length"] && !request.headers["transfer-encoding"]) {
    env.CONTENT_LENGTH = request.headers["content-length"];
  }
  const child = spawn("git", ["http-backend"], { env, stdio: ["pipe", "pipe", "inherit"] });
  request.pipe(child.stdin);
  child.stdin.on("error", () => {});
  let head = Buffer.alloc(0);
  const onData = (chunk) => {
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf("\r\n\r\n");
    if (end < 0) return;
    child.stdout.off("data", onData);
    child.stdout.pause();
    let status = 200;
    const headers = {};
    for (const line of head.subarray(0, end).toString("latin1").split("\r\n")) {
      const colon = line.indexOf(":");
      const name = line.slice(0, colon).trim();
      const value = line.slice(colon + 1).trim();
      if (name.toLowerCase() === "status") status = Number.parseInt(value, 10);
      else headers[name] = value;
    }
    response.writeHead(status, headers);
    response.write(head.subarray(end + 4));
    child.stdout.pipe(response);
  };
  child.stdout.on("data", onData);
  response.on("close", () => child.kill());
});
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
