/**
 * `patina credential get|store|erase`: a git credential helper, so users store a token once and
 * clone with plain URLs. Configure it with
 * `git config --global credential.helper "!npx patina credential"`. It speaks git's helper
 * protocol on stdin/stdout and keeps tokens in an owner-only file (see git/credential-store.ts).
 * A token is written to stdout only by `get`, which git calls; other actions print nothing.
 */
import type { Command } from "commander";
import { type CredentialQuery, findCredential, normalizePath, type StoredCredential } from "../git/credential-match.js";
import { type CredentialAttributes, formatCredentialOutput, parseCredentialInput } from "../git/credential-protocol.js";
import { credentialsFilePath, readCredentials, writeCredentials } from "../git/credential-store.js";
import { CliError } from "./cli-error.js";
import type { CliIo } from "./main.js";

/** The user name offered to git when none was stored; Patina ignores it, git wants one. */
const DEFAULT_USERNAME = "patina";

/** Registers `patina credential <action>`. */
export function registerCredentialCommands(program: Command, io: CliIo) {
  program
    .command("credential")
    .description("Git credential helper: git config credential.helper '!npx patina credential'")
    .argument("<action>", "get, store or erase (git calls these); anything else is ignored")
    .action(async (action: string) => {
      // The protocol says a helper silently ignores operations it does not know.
      if (action !== "get" && action !== "store" && action !== "erase") return;
      const input = parseCredentialInput(await readAll(io.stdin));
      const query = queryOf(input);
      if (query === undefined) return;
      const file = credentialsFilePath(io.env);
      const stored = await readCredentials(file).catch((error: unknown) => {
        // A damaged file is the user's to fix; say which, without echoing its contents.
        throw new CliError(`cannot read ${file}: ${error instanceof SyntaxError ? "not valid JSON" : String(error)}`);
      });
      if (action === "get") {
        const found = findCredential(stored, query);
        if (found) io.stdout.write(formatCredentialOutput({ username: found.username, password: found.password }));
      } else if (action === "store") {
        if (!input.password) return;
        const entry: StoredCredential = {
          ...query,
          username: input.username || DEFAULT_USERNAME,
          password: input.password,
        };
        await writeCredentials(file, [...stored.filter((e) => !sameKey(e, query)), entry]);
      } else {
        const found = findCredential(stored, query);
        // Git erases what it was given after a rejection; keep an entry that no longer matches it.
        if (found === undefined || (input.password !== undefined && input.password !== found.password)) return;
        await writeCredentials(
          file,
          stored.filter((e) => e !== found),
        );
      }
    });
}

function queryOf(input: CredentialAttributes): CredentialQuery | undefined {
  if (!input.protocol || !input.host) return undefined;
  return { protocol: input.protocol.toLowerCase(), host: input.host.toLowerCase(), path: normalizePath(input.path) };
}

function sameKey(entry: StoredCredential, query: CredentialQuery): boolean {
  return entry.protocol === query.protocol && entry.host === query.host && entry.path === query.path;
}

/** Reads git's input up to a blank line or its end (git closes the pipe; a person types a blank line). */
async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = "";
  for await (const chunk of stream) {
    text += typeof chunk === "string" ? chunk : (chunk as Buffer).toString("utf8");
    if (/(^|\n)\r?\n/.test(text) || text.length > 64 * 1024) break;
  }
  return text;
}
