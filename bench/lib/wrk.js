// Runs wrk (the Debian package's C load generator) and returns its summary. wrk, not a Node
// load tool: on a 2-core machine a Node client takes a whole core from the server under test
// and pulls every ratio toward 1.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { root } from "../support.js";
import { options } from "./options.js";

const execFileAsync = promisify(execFile);

// wrk is a Debian package, not an npm one: say how to get it rather than fail with ENOENT.
async function run(file, args, settings) {
  try {
    return await execFileAsync(file, args, settings);
  } catch (error) {
    if (error.code === "ENOENT")
      throw new Error(`${file} not found: apt-get install wrk, or set BENCH_WRK to its path`);
    throw error;
  }
}
const WRK = process.env.BENCH_WRK || "wrk";
const scriptDir = path.join(root, "bench", "wrk");

/** wrk's version line, for the report. */
export async function wrkVersion() {
  // `wrk -v` prints its version and usage, and exits non-zero.
  const result = await run(WRK, ["-v"]).catch((error) => error);
  return `${result.stdout ?? ""}`.split("\n")[0]?.replace(/ Copyright.*/, "") ?? "unknown";
}

/**
 * Loads `url` for `seconds` and returns requests/s, latency (µs) and error counts.
 * `scripts` are Lua files in bench/wrk/ run before the reporting script; `env` reaches them.
 */
export async function wrk({ url, seconds = options.seconds, headers = {}, scripts = [], env = {} }) {
  const lua = [...scripts, "report.lua"].map((name) => fs.readFileSync(path.join(scriptDir, name), "utf8"));
  const scriptFile = path.join(os.tmpdir(), `patina-bench-${process.pid}-${scripts.join("+") || "plain"}.lua`);
  fs.writeFileSync(scriptFile, lua.join("\n"));
  const args = [`-t${options.threads}`, `-c${options.connections}`, `-d${seconds}s`, "--timeout", "10s"];
  for (const [name, value] of Object.entries(headers)) args.push("-H", `${name}: ${value}`);
  args.push("-s", scriptFile, url);
  const { stdout } = await run(WRK, args, { env: { ...process.env, ...env }, maxBuffer: 1 << 20 });
  const line = stdout.split("\n").find((text) => text.startsWith("BENCH_JSON "));
  if (line === undefined) throw new Error(`wrk printed no summary:\n${stdout}`);
  const summary = JSON.parse(line.slice("BENCH_JSON ".length));
  const socketErrors = summary.connectErrors + summary.readErrors + summary.writeErrors + summary.timeouts;
  return { ...summary, rps: summary.requests / (summary.durationUs / 1e6), socketErrors };
}

/** Like wrk(), but fails when any response was not 2xx/3xx or any socket failed. */
export async function wrkOk(settings) {
  const result = await wrk(settings);
  if (result.statusErrors > 0 || result.socketErrors > 0) {
    throw new Error(`${settings.url}: ${result.statusErrors} non-2xx/3xx, ${result.socketErrors} socket errors`);
  }
  return result;
}
