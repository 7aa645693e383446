import type { Command } from "commander";
import type { NotificationRun } from "../notifications/notifications.js";
import { CliError } from "./cli-error.js";
import type { CliIo, ConfigSource } from "./main.js";
import { withServices } from "./operator.js";

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/** What a run did, in two lines. */
function describeRun(run: NotificationRun, transport: string): string {
  const where = transport === "smtp" ? "through SMTP" : "to the outbox";
  return [
    `Found ${plural(run.events, "new event notice")} and ${plural(run.expiring, "expiry notice")}.`,
    `Sent ${run.sent} ${where}; ${run.retrying} to retry later, ${run.failed} given up, ${run.skipped} without an address.`,
    "",
  ].join("\n");
}

/** `patina notify run`. */
export function registerNotifyCommands(program: Command, getConfig: ConfigSource, io: CliIo) {
  const notify = program.command("notify").description("Notifications to token owners");

  notify
    .command("run")
    .description("Send the due notices now (new events, tokens about to expire); safe while the server runs")
    .action(async () => {
      const { run, transport } = await withServices(getConfig, async (services) => {
        try {
          // Every notice is claimed before it is sent, so this may run beside the server's own jobs.
          return {
            run: await services.notifications.runAll(services.clock.now()),
            transport: services.notifications.transport,
          };
        } finally {
          services.notifications.close();
        }
      });
      io.stdout.write(describeRun(run, transport));
      if (run.retrying + run.failed > 0) {
        throw new CliError(`${plural(run.retrying + run.failed, "notice")} could not be sent now.`);
      }
    });
}
