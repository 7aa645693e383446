/**
 * `patina policy show | set`: the instance's policy, or an organization's with --org, through
 * the same policy service as the REST API (same validation, same compare-and-set, audited with
 * the CLI actor). A running server honours a change on its next change-feed read.
 */
import type { Command } from "commander";
import { CLI_ACTOR } from "../audit/audit-log.js";
import { assignmentsToInput } from "../domain/policy-rules.js";
import type { PolicyTarget } from "../policies/policy.service.js";
import type { PolicyView } from "../policies/policy-view.js";
import type { Services } from "../services.js";
import { CliError, EXIT_USAGE } from "./cli-error.js";
import type { CliIo, ConfigSource } from "./main.js";
import { requireOrganization, unwrap, withServices } from "./operator.js";

/** `patina policy show` and `patina policy set`. */
export function registerPolicyCommands(program: Command, getConfig: ConfigSource, io: CliIo) {
  const policy = program.command("policy").description("Show or change token policies (instance, or --org)");

  policy
    .command("show")
    .description("Show a policy: what the level sets and what is in effect there")
    .option("--org <org>", "an organization's policy (default: the instance's)")
    .option("--json", "print the policy as JSON (the REST API's shape)")
    .action(async (options: { org?: string; json?: boolean }) => {
      const view = await withServices(getConfig, async (services) =>
        services.policies.view(await targetOf(services, options.org)),
      );
      io.stdout.write(options.json ? `${JSON.stringify(view, null, 2)}\n` : formatPolicy(view));
    });

  policy
    .command("set")
    .description("Change keys of a policy, e.g. maxPatLifespanDays=90 patCreationAllowList=alice,bob")
    .option("--org <org>", "an organization's policy (default: the instance's)")
    .argument("<settings...>", "KEY=VALUE (true/false, a number of days, null, a date, names separated by commas)")
    .action(async (settings: string[], options: { org?: string }) => {
      const input = assignmentsToInput(settings);
      if (!input.ok) throw new CliError(input.message, EXIT_USAGE);
      const view = await withServices(getConfig, async (services) =>
        unwrap(await services.policies.update(CLI_ACTOR, await targetOf(services, options.org), input.input)),
      );
      io.stdout.write(formatPolicy(view));
    });
}

async function targetOf(services: Services, orgName: string | undefined): Promise<PolicyTarget> {
  if (orgName === undefined) return { level: "instance" };
  const org = await requireOrganization(services.store.db, orgName);
  return { level: "organization", orgId: org.id, orgName: org.name };
}

/** The policy as a table: key, what the level sets, what is in effect. */
export function formatPolicy(view: PolicyView): string {
  const title = view.level === "instance" ? "Instance policy" : `Policy of organization '${view.organization}'`;
  const changed =
    view.revision === 0 ? "never changed" : `revision ${view.revision}, ${view.updatedAt} by ${view.updatedBy}`;
  const keys = Object.keys(view.effective);
  const shown = (value: unknown) =>
    value === undefined ? "-" : Array.isArray(value) ? value.join(",") || "(none)" : String(value);
  const rows = keys.map((key) => [key, shown(view.values[key]), shown(view.effective[key])]);
  const header = ["KEY", "SET HERE", "EFFECTIVE"];
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => (row[column] ?? "").length)));
  const line = (row: string[]) =>
    row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0))).join("  ");
  return `${title} (${changed})\n${[header, ...rows].map(line).join("\n")}\n`;
}
