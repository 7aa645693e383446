/**
 * `patina scan PATH… [--stdin]`: finds Patina tokens in files by prefix and checksum, for git
 * hooks and CI. It needs no server: only PATINA_TOKEN_PREFIX is read (no data directory, no
 * database, no secret), so it runs on any checkout. Output names each token by its hint, never
 * its value; the values leave the process only with `--report`, in the bodies of requests to the
 * server's leak endpoint.
 *
 * Exit codes: 0 no token found; 1 tokens found; 2 the scan or the report could not do what was
 * asked (a bad option or path, a file that could not be read, a failed report), with or without
 * findings, so a hook or CI step never passes on an incomplete scan.
 */
import path from "node:path";
import { type Command, InvalidArgumentError, Option } from "commander";
import { readTokenPrefix } from "../config/config.js";
import { DEFAULT_TOKEN_PREFIX, MAX_TOKEN_PREFIX_LENGTH, TOKEN_PREFIX_PATTERN } from "../domain/token-format.js";
import { leakEndpoint, reportLeaks } from "../scan/leak-report.js";
import { formatSarif } from "../scan/sarif.js";
import { formatFindingLine, formatJson, formatSummary, plural, shownPath } from "../scan/scan-output.js";
import { checkNamedPath } from "../scan/scan-paths.js";
import { type NamedTarget, runScan } from "../scan/scan-run.js";
import { CliError, EXIT_REFUSED, EXIT_USAGE } from "./cli-error.js";
import type { CliIo } from "./main.js";
import { streamWriter } from "./stream-writer.js";

const FORMATS = ["text", "json", "sarif"] as const;

interface ScanOptions {
  stdin?: boolean;
  prefix?: string[];
  format: (typeof FORMATS)[number];
  report?: string;
}

/** Registers `patina scan`. */
export function registerScanCommand(program: Command, io: CliIo) {
  program
    .command("scan")
    .description("Find Patina tokens in files by prefix and checksum; exit 1 when any is found")
    .argument("[paths...]", "files and directories (walked recursively, without .git and node_modules)")
    .option("--stdin", "also scan standard input")
    .option("--prefix <prefix>", "also look for tokens with this prefix (repeatable)", collectPrefix)
    .addOption(new Option("--format <format>", "output format").choices(FORMATS).default("text"))
    .option("--report <url>", "send the tokens found to this Patina server's leak endpoint")
    .action(async (paths: string[], options: ScanOptions) => {
      await scanCommand(paths, options, io);
    });
}

async function scanCommand(paths: readonly string[], options: ScanOptions, io: CliIo) {
  if (paths.length === 0 && options.stdin !== true) throw new CliError("give a PATH to scan, or --stdin.", EXIT_USAGE);
  const endpoint = options.report === undefined ? undefined : leakEndpoint(options.report);
  if (endpoint !== undefined && !endpoint.ok) throw new CliError(endpoint.message, EXIT_USAGE);
  // The default prefix always, the configured one when set, and every --prefix (docs/administration.md).
  const prefixes = [...new Set([DEFAULT_TOKEN_PREFIX, readTokenPrefix(io.env), ...(options.prefix ?? [])])];
  const root = process.cwd();
  const targets = await checkAll(paths, root);

  const out = streamWriter(io.stdout);
  const { summary, values } = await runScan(
    {
      targets,
      stdin: options.stdin === true ? (io.stdin as AsyncIterable<Uint8Array | string>) : undefined,
      prefixes,
      root,
      keepValues: endpoint !== undefined,
    },
    {
      finding: (finding) => (options.format === "text" ? out.write(formatFindingLine(finding)) : Promise.resolve()),
      unreadable: (problem) => io.stderr.write(`patina: cannot read ${shownPath(problem.path)}: ${problem.reason}\n`),
      stopped: () => out.closed,
    },
  );

  if (options.format === "json") await out.write(formatJson(summary));
  if (options.format === "sarif") await out.write(formatSarif(summary.findings, root));
  let failed = summary.unreadable.length > 0;
  if (endpoint?.ok && values.length > 0) {
    const outcome = await reportLeaks(endpoint.url, values);
    if (outcome.ok) {
      io.stderr.write(`patina: reported ${plural(outcome.reported, "token")} to ${endpoint.shown}.\n`);
    } else {
      failed = true;
      const sent = outcome.reported > 0 ? ` (${outcome.reported} of ${values.length} were reported before)` : "";
      io.stderr.write(`patina: could not report the tokens to ${endpoint.shown}: ${outcome.message}${sent}.\n`);
    }
  }
  const message = formatSummary(summary);
  if (failed) throw new CliError(message, EXIT_USAGE);
  if (summary.findings.length > 0) throw new CliError(message, EXIT_REFUSED);
  io.stderr.write(`patina: ${message}\n`);
}

/** Checks every named path before scanning any, so that a typo is a usage error naming it. */
async function checkAll(paths: readonly string[], root: string): Promise<NamedTarget[]> {
  const checked = await Promise.all(
    paths.map(async (given) => ({
      given,
      absolutePath: path.resolve(root, given),
      ...(await checkNamedPath(path.resolve(root, given))),
    })),
  );
  const bad = checked.flatMap((entry) => (entry.ok ? [] : [`${shownPath(entry.given)} (${entry.reason})`]));
  if (bad.length > 0) throw new CliError(`cannot scan ${bad.join(", ")}.`, EXIT_USAGE);
  return checked.flatMap((entry) =>
    entry.ok ? [{ absolutePath: entry.absolutePath, directory: entry.directory }] : [],
  );
}

function collectPrefix(value: string, previous: string[] | undefined): string[] {
  if (!TOKEN_PREFIX_PATTERN.test(value) || value.length > MAX_TOKEN_PREFIX_LENGTH) {
    throw new InvalidArgumentError(
      `a prefix is 1–${MAX_TOKEN_PREFIX_LENGTH} characters of a-z, 0-9 and _, starting with a letter.`,
    );
  }
  return [...(previous ?? []), value];
}
