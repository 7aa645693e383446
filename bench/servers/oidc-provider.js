// The reference for the introspection bench: node-oidc-provider (a certified OpenID Provider)
// with one confidential client that may use the client_credentials grant, and RFC 7662
// introspection on. Client credentials without a resource indicator get opaque access tokens,
// kept in the provider's default in-memory store: introspection is a lookup, like Patina's.
// The client secret comes from BENCH_OIDC_CLIENT_SECRET; prints {"port":…} when listening.
import http from "node:http";
import Provider from "oidc-provider";
import { announcePort } from "./recorded-response.js";

const clientId = "bench-service";
const provider = new Provider("http://127.0.0.1", {
  clients: [
    {
      client_id: clientId,
      client_secret: process.env.BENCH_OIDC_CLIENT_SECRET,
      grant_types: ["client_credentials"],
      redirect_uris: [],
      response_types: [],
      token_endpoint_auth_method: "client_secret_basic",
    },
  ],
  // Long enough that the token stays active for a whole bench run.
  ttl: { ClientCredentials: 24 * 3600 },
  features: {
    clientCredentials: { enabled: true },
    devInteractions: { enabled: false },
    // The default policy, stated so the provider does not warn: an authenticated client may ask.
    introspection: { enabled: true, allowedPolicy: async () => true },
  },
});
// The provider warns (once) that its in-memory adapter is for development: expected here.
provider.on("server_error", (_ctx, error) => process.stderr.write(`oidc-provider: ${error.message}\n`));

const server = http.createServer(provider.callback());
server.listen(0, "127.0.0.1", () => announcePort(server.address().port));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
