/**
 * `patina audit list | export | verify | retention`: the audit log for operators, on the same
 * store as the server. `verify` walks the hash chains and exits 1 naming the first event that
 * was changed, removed or reordered; it prints each chain's head hash, which is worth keeping
 * elsewhere (a chain rewritten from some point on, head included, is only caught against a
 * copy of its old head).
 */
import { type Command, InvalidArgumentError, Option } from "commander";
import { exportChunks } from "../audit/audit-export.js";
import { CLI_ACTOR } from "../audit/audit-log.js";
import type { ReadScope, TimeWindow } from "../audit/audit-reader.js";
import { isValidRetention, MAX_RETENTION_DAYS, readRetentionDays, setRetentionDays } from "../audit/audit-retention.js";
import { parseAuditTime } from "../audit/audit-time.js";
import { type ChainReport, verifyAuditChains } from "../audit/audit-verify.js";
import type { Services } from "../services.js";
import { CliError, EXIT_USAGE } from "./cli-error.js";
import type { CliIo, ConfigSource } from "./main.js";
import { requireOrganization, withServices } from "./operator.js";

interface ScopeOptions {
  org?: string;
}
interface ListOptions extends ScopeOptions {
  json?: boolean;
  since?: string;
  limit: number;
}
interface ExportOptions extends ScopeOptions {
  format: "json" | "csv";
  since?: string;
  until?: string;
}

/** `patina audit …`. */
export function registerAuditCommands(program: Command, getConfig: ConfigSource, io: CliIo) {
  const audit = program.command("audit").description("Read, export and verify the audit log");
  const orgOption = () =>
    new Option("--org <org>", "an organization's events (default: the instance's, which have none)");

  audit
    .command("list")
    .description("List events, newest first")
    .addOption(orgOption())
    .option("--json", "print Azure DevOps' DecoratedAuditLogEntry objects as a JSON array")
    .option("--since <time>", "only events at or after this ISO 8601 date or time", parseTime)
    .option("--limit <n>", "at most this many events", parseLimit, 50)
    .action(async (options: ListOptions) => {
      await withServices(getConfig, async (services) => {
        const scope = await readScope(services, options);
        const entries = [];
        for await (const entry of services.audit.all(scope, { startTime: options.since })) {
          entries.push(entry);
          if (entries.length === options.limit) break;
        }
        if (options.json) {
          io.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
          return;
        }
        for (const e of entries) {
          io.stdout.write(
            `${e.timestamp}  ${e.actionId}  ${e.actorDisplayName}  ${e.ipAddress || "-"}  ${e.details}\n`,
          );
        }
      });
    });

  audit
    .command("export")
    .description("Write every event (newest first) to stdout as JSON or CSV")
    .addOption(orgOption())
    .addOption(new Option("--format <format>", "json or csv").choices(["json", "csv"]).makeOptionMandatory())
    .option("--since <time>", "only events at or after this ISO 8601 date or time", parseTime)
    .option("--until <time>", "only events before this ISO 8601 date or time", parseTime)
    .action(async (options: ExportOptions) => {
      const window: TimeWindow = { startTime: options.since, endTime: options.until };
      if (window.startTime !== undefined && window.endTime !== undefined && window.endTime < window.startTime) {
        throw new CliError("--until must not be before --since.", EXIT_USAGE);
      }
      await withServices(getConfig, async (services) => {
        const scope = await readScope(services, options);
        for await (const chunk of exportChunks(services.audit.all(scope, window), options.format)) {
          io.stdout.write(chunk);
        }
      });
    });

  audit
    .command("verify")
    .description("Verify the hash chains (every chain, or one organization's); exit 1 on the first broken link")
    .addOption(orgOption())
    .action(async (options: ScopeOptions) => {
      const reports = await withServices(getConfig, async (services) => {
        const only =
          options.org === undefined
            ? undefined
            : { orgId: (await requireOrganization(services.store.db, options.org)).id };
        return verifyAuditChains(services.store.db, only);
      });
      for (const report of reports) io.stdout.write(`${describeReport(report)}\n`);
      const broken = reports.filter((report) => report.problem !== undefined).length;
      if (broken > 0) throw new CliError(`audit log verification failed: ${broken} chain(s) broken.`);
    });

  audit
    .command("retention")
    .description(`Show the retention, or set it: DAYS (1 to ${MAX_RETENTION_DAYS}) or "forever"`)
    .argument("[days]", 'days to keep events, or "forever"', parseRetention)
    .action(async (days: number | null | undefined) => {
      const shown = await withServices(getConfig, async (services) => {
        if (days === undefined) return readRetentionDays(services.store.db);
        return (await setRetentionDays(services.store.db, CLI_ACTOR, days, services.clock.now())).after;
      });
      io.stdout.write(
        shown === null ? "Audit events are kept forever.\n" : `Audit events are kept for ${shown} days.\n`,
      );
    });
}

async function readScope(services: Services, options: ScopeOptions): Promise<ReadScope> {
  if (options.org === undefined) {
    return { orgId: null, entryScope: { type: "deployment", id: services.instanceId, displayName: "Patina" } };
  }
  const org = await requireOrganization(services.store.db, options.org);
  return { orgId: org.id, entryScope: { type: "organization", id: org.id, displayName: org.name } };
}

function describeReport(report: ChainReport): string {
  const name = report.chainKey === "instance" ? "instance" : `organization ${report.orgName ?? report.chainKey}`;
  if (report.problem !== undefined)
    return `${name}: FAILED at position ${report.problem.position}: ${report.problem.message}`;
  const from = report.anchorPosition + 1;
  const range = report.verified === 0 ? "no events" : `positions ${from}–${report.headPosition}`;
  const events = report.verified === 1 ? "1 event" : `${report.verified} events`;
  return `${name}: ok, ${events} verified (${range}), head ${report.headHash}`;
}

function parseTime(value: string): string {
  const time = parseAuditTime(value);
  if (time === undefined) throw new InvalidArgumentError("expected an ISO 8601 date or date-time.");
  return time;
}

function parseLimit(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 100_000) {
    throw new InvalidArgumentError("expected a whole number from 1 to 100000.");
  }
  return Number(value);
}

function parseRetention(value: string): number | null {
  if (value === "forever") return null;
  const days = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!isValidRetention(days))
    throw new InvalidArgumentError(`expected 1 to ${MAX_RETENTION_DAYS} days, or "forever".`);
  return days;
}
