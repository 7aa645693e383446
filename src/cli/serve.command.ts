import type { Command } from "commander";
import { createLogger } from "../logger.js";
import { createServices } from "../services.js";
import type { CliIo, ConfigSource } from "./main.js";

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
      await new Promise<void>((resolve) => {
        const stop = () => {
          app.services.logger.info("shutting down");
          app.close().then(resolve, resolve);
        };
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
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
