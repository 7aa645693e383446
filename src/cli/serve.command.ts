import type { Command } from "commander";
import type { CloseOutcome } from "../app.js";
import { createLogger } from "../logger.js";
import { createServices } from "../services.js";
import { EXIT_REFUSED } from "./cli-error.js";
import type { CliIo, ConfigSource } from "./main.js";

/** How long a stopped server may take to leave on its own before it is made to. */
const EXIT_GRACE_MS = 5000;

/** `patina serve` and `patina migrate`. */
export function registerServeCommands(program: Command, getConfig: ConfigSource, io: CliIo) {
  program
    .command("serve")
    .description("Run the Patina server (PATINA_HOST:PATINA_PORT)")
    .action(async () => {
      const config = getConfig();
      // Loaded here so operator commands do not pay for the HTTP stack on every run.
      const { buildApp } = await import("../app.js");
      const app = await buildApp(config);
      const url = await app.listen();
      app.services.logger.info(
        { url, store: app.services.store.location, dialect: app.services.store.dialect },
        `Patina is listening on ${url}`,
      );
      // The setup code is a secret for the operator: a plain console line, never the structured log.
      const setupCode = app.setupCode();
      // With PATINA_PORT=0 (tests) the default public URL names port 0; the bound URL is the real one.
      const base = new URL(config.publicUrl).port === "0" ? url : config.publicUrl;
      if (setupCode !== null) io.stdout.write(`First-run setup: open ${base}/_setup?code=${setupCode}\n`);
      const outcome = await new Promise<CloseOutcome | undefined>((resolve) => {
        const stop = () => {
          app.services.logger.info(
            { shutdownTimeoutMs: config.shutdownTimeoutMs },
            "shutting down: finishing requests in flight",
          );
          app.close().then(resolve, (error: unknown) => {
            app.services.logger.error({ err: error }, "stopping failed");
            resolve(undefined);
          });
        };
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
      // 0 for a clean stop; 1 when requests had to be cut at the bound or usage could not be written.
      const clean = outcome !== undefined && outcome.requests === "drained" && outcome.usageWritten;
      process.exitCode = clean ? 0 : EXIT_REFUSED;
      app.services.logger.info({ exitCode: process.exitCode }, "stopped");
      // Everything is closed; should anything still hold the event loop, it must not keep a stopped server alive.
      setTimeout(() => process.exit(), EXIT_GRACE_MS).unref();
    });

  program
    .command("migrate")
    .description("Create or update the database schema, then exit")
    .action(async () => {
      const services = await createServices(getConfig(), { logger: createLogger("silent") });
      io.stdout.write(`Schema is up to date (${services.store.location}).\n`);
      await services.store.close();
    });
}
