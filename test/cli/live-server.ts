/**
 * A Patina server running on a CLI test's store, so a test can make changes with the `patina`
 * CLI (another process) and watch a token's status over real HTTP.
 */
import { buildApp, type PatinaApp } from "../../src/app.js";
import { loadConfig } from "../../src/config/config.js";
import type { CliStore } from "./run-cli.js";

export interface LiveServer {
  readonly app: PatinaApp;
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  readonly baseUrl: string;
  /** The token list of organization acme, authenticated with `token`. */
  listPats(token: string): Promise<Response>;
  /** The status of that request once it is `expected`, or the last one seen when `boundMs` has passed. */
  statusWithin(token: string, expected: number, boundMs: number): Promise<number>;
  close(): Promise<void>;
}

/** Starts a server on the CLI store's configuration, with `env` on top (logs silent). */
export async function startLiveServer(cli: CliStore, env: Record<string, string> = {}): Promise<LiveServer> {
  const app = await buildApp(loadConfig({ ...cli.env, PATINA_LOG_LEVEL: "silent", ...env }));
  const baseUrl = (await app.server.listen({ port: 0, host: "127.0.0.1" })).replace(/\/+$/, "");
  const listPats = (token: string) =>
    fetch(`${baseUrl}/acme/_apis/tokens/pats?api-version=7.1`, {
      headers: { authorization: `Basic ${Buffer.from(`:${token}`).toString("base64")}` },
    });
  return {
    app,
    baseUrl,
    listPats,
    async statusWithin(token, expected, boundMs) {
      const deadline = Date.now() + boundMs;
      let seen = (await listPats(token)).status;
      while (seen !== expected && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 25));
        seen = (await listPats(token)).status;
      }
      return seen;
    },
    close: async () => {
      await app.close();
    },
  };
}
