// Introspection: Patina's POST /_apis/patina/introspect (the caller's PAT carries
// patina.introspect; its owner is an instance administrator) against node-oidc-provider's RFC 7662
// endpoint for an opaque client_credentials access token (client_secret_basic), each with a
// `token=` form body, loaded by wrk with the same settings, alternating.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { expectStatus } from "../lib/http-once.js";
import { options } from "../lib/options.js";
import { startPatina } from "../lib/patina-setup.js";
import { alternate, FIGURE_COLUMNS, figureRow, ratios, table, targetRow, two, whole } from "../lib/stats.js";
import { basicAuthorization } from "../lib/tokens.js";
import { wrkOk } from "../lib/wrk.js";
import { root, startProcess } from "../support.js";

const TARGET = { atLeast: 5 };
const FORM = { "content-type": "application/x-www-form-urlencoded" };

/** The installed oidc-provider version, for the report. */
export function oidcProviderVersion() {
  const file = path.join(root, "node_modules", "oidc-provider", "package.json");
  return JSON.parse(fs.readFileSync(file, "utf8")).version;
}

/** Starts node-oidc-provider and obtains an opaque access token with client_credentials. */
async function startOidcProvider() {
  const secret = randomBytes(24).toString("base64url");
  const server = await startProcess(["bench/servers/oidc-provider.js"], { BENCH_OIDC_CLIENT_SECRET: secret });
  const clientAuthorization = `Basic ${Buffer.from(`bench-service:${secret}`).toString("base64")}`;
  const issued = await expectStatus(`${server.url}/token`, 200, {
    method: "POST",
    headers: { ...FORM, authorization: clientAuthorization },
    body: "grant_type=client_credentials",
  });
  const accessToken = JSON.parse(issued.body.toString()).access_token;
  if (accessToken.split(".").length === 3) throw new Error("oidc-provider issued a JWT, not an opaque token");
  return { server, clientAuthorization, accessToken };
}

/** Fails unless the endpoint says the token is active: a load run must measure real answers. */
async function expectActive(url, authorization, token) {
  const answer = await expectStatus(url, 200, {
    method: "POST",
    headers: { ...FORM, authorization },
    body: `token=${token}`,
  });
  if (JSON.parse(answer.body.toString()).active !== true) throw new Error(`${url} says the token is inactive`);
}

/** Runs the introspection comparison and returns its Markdown section. */
export async function measureIntrospection({ store, runDir, log }) {
  const patina = await startPatina(store.dataDir, path.join(runDir, "patina-introspection.log"));
  const servers = [patina];
  try {
    const oidc = await startOidcProvider();
    servers.push(oidc.server);
    const patinaUrl = `${patina.url}/_apis/patina/introspect`;
    const oidcUrl = `${oidc.server.url}/token/introspection`;
    const patinaCaller = basicAuthorization(store.tokens.introspector);
    await expectActive(patinaUrl, patinaCaller, store.tokens.profile);
    await expectActive(oidcUrl, oidc.clientAuthorization, oidc.accessToken);
    const load = (url, authorization, token, seconds) =>
      wrkOk({
        url,
        seconds,
        headers: { Authorization: authorization },
        scripts: ["form-post.lua"],
        env: { BENCH_FORM_BODY: `token=${token}` },
      });
    const sides = {
      oidcProvider: () => load(oidcUrl, oidc.clientAuthorization, oidc.accessToken),
      patina: () => load(patinaUrl, patinaCaller, store.tokens.profile),
    };
    if (options.warmupSeconds > 0) {
      await load(oidcUrl, oidc.clientAuthorization, oidc.accessToken, options.warmupSeconds);
      await load(patinaUrl, patinaCaller, store.tokens.profile, options.warmupSeconds);
    }
    const results = await alternate(sides, options.rounds, (line) => log(`introspection ${line}`));
    const rps = (side) => results[side].map((r) => r.rps);
    const ratio = ratios(rps("patina"), rps("oidcProvider"));
    return [
      "#### Introspection (RFC 7662)",
      "",
      `node-oidc-provider ${oidcProviderVersion()}: opaque \`client_credentials\` access token, \`client_secret_basic\`,` +
        " default in-memory store. Patina: caller's PAT with `patina.introspect`, SQLite. Both `token=` form bodies;" +
        ` wrk, ${options.threads} thread, ${options.connections} connections, ${options.seconds} s per side per round, ${options.rounds} alternating rounds.`,
      "",
      table(FIGURE_COLUMNS, [
        figureRow("node-oidc-provider introspection (req/s)", rps("oidcProvider"), whole),
        figureRow("Patina introspection (req/s)", rps("patina"), whole),
        targetRow("Patina / node-oidc-provider", ratio, two, TARGET),
      ]),
    ].join("\n");
  } finally {
    for (const server of servers) await server.stop();
  }
}
