/**
 * Token commands for operators, on behalf of a user, through the same lifecycle service as the
 * REST API (same rules, same audit events, same cache invalidation). The operator acts with the
 * user's authority (not a token's), so only the user's own rights bound it. The secret exists in this
 * process only between `create` and the single write to stdout: never in errors or other output.
 */
import { type Command, InvalidArgumentError, Option } from "commander";
import { MAX_LIFESPAN_DAYS } from "../domain/token-rules.js";
import { findMembershipsOfUser } from "../orgs/org.repository.js";
import type { Services } from "../services.js";
import { MAX_EXPIRING_WITHIN_DAYS } from "../tokenadmin/token-admin.service.js";
import { operatorContext } from "../tokens/lifecycle-requests.js";
import type { PatTokenView } from "../tokens/pat-view.js";
import type { LifecycleContext, ListPatRequest } from "../tokens/token-lifecycle.js";
import { CliError, EXIT_USAGE } from "./cli-error.js";
import type { CliIo, ConfigSource } from "./main.js";
import { requireOrganization, requireUser, unwrap, withServices } from "./operator.js";
import { listOrganizationTokens, revokeAllOfUser } from "./token-admin.command.js";
import { formatTokenTable } from "./token-table.js";

const DAY_MS = 24 * 60 * 60 * 1000;
const LIST_FILTERS = ["active", "revoked", "expired", "all"] as const;

interface ListOptions {
  user?: string;
  org?: string;
  status?: (typeof LIST_FILTERS)[number];
  expiringWithin?: number;
  json?: boolean;
}

interface CreateOptions {
  user: string;
  org?: string;
  allOrgs?: boolean;
  name: string;
  scope: string;
  days: number;
}

/** `patina token create | list | revoke`, on behalf of a user. */
export function registerTokenCommands(program: Command, getConfig: ConfigSource, io: CliIo) {
  const token = program.command("token").description("Manage a user's personal access tokens");

  token
    .command("create")
    .description("Create a token; prints only the token, so PAT=$(patina token create …) works")
    .requiredOption("--user <user>", "owner of the token")
    .addOption(new Option("--org <org>", "the organization the token works in").conflicts("allOrgs"))
    .option("--all-orgs", "the token works in every organization the user belongs to")
    .requiredOption("--name <name>", "display name")
    .requiredOption("--scope <scopes>", 'space-separated scopes, e.g. "vso.code vso.project"')
    .option("--days <days>", `lifespan in days, 1 to ${MAX_LIFESPAN_DAYS}`, parseDays, 30)
    .action(async (options: CreateOptions) => {
      if (options.org === undefined && options.allOrgs !== true) {
        throw new CliError("one of --org ORG or --all-orgs is required.", EXIT_USAGE);
      }
      const created = await withServices(getConfig, async (services) => {
        const context = await creationContext(services, options);
        const validTo = new Date(services.clock.now().getTime() + options.days * DAY_MS);
        return unwrap(
          await services.tokens.create(context, {
            displayName: options.name,
            scope: options.scope,
            validTo: validTo.toISOString(),
            allOrgs: options.allOrgs === true,
          }),
        );
      });
      if (created.token === null) throw new Error("the lifecycle service created a token without a value");
      // The token is the whole of stdout: nothing else, so command substitution captures it exactly.
      io.stdout.write(`${created.token}\n`);
    });

  token
    .command("list")
    .description("List a user's tokens, or (with --org) an organization's tokens; never their values")
    .option("--user <user>", "owner of the tokens (required without --org)")
    .option("--org <org>", "list every token that works in this organization (token administration)")
    .addOption(
      new Option("--status <status>", "which tokens to show (default: all; with --org: active)").choices(LIST_FILTERS),
    )
    .option("--expiring-within <days>", "with --org: active tokens expiring within this many days", parseExpiringWithin)
    .option("--json", "print the API's PatToken objects as a JSON array")
    .action(async (options: ListOptions) => {
      if (options.org !== undefined) {
        const { org } = options;
        const { tokens, orgNames } = await withServices(getConfig, async (services) => {
          const tokens = await listOrganizationTokens(services, org, {
            user: options.user,
            status: options.status,
            expiringWithinDays: options.expiringWithin,
          });
          return {
            tokens,
            orgNames: new Map([[(await requireOrganization(services.store.db, org)).id, org.toLowerCase()]]),
          };
        });
        io.stdout.write(
          options.json
            ? `${JSON.stringify(tokens, null, 2)}\n`
            : formatTokenTable(tokens, orgNames, (t) => t.owner.username),
        );
        return;
      }
      if (options.user === undefined) throw new CliError("one of --user USER or --org ORG is required.", EXIT_USAGE);
      if (options.expiringWithin !== undefined) throw new CliError("--expiring-within needs --org ORG.", EXIT_USAGE);
      const username = options.user;
      const { tokens, orgNames } = await withServices(getConfig, async (services) => {
        const user = await requireUser(services.store.db, username);
        const context = operatorContext(user, null);
        const memberships = await findMembershipsOfUser(services.store.db, user.id);
        const orgNames = new Map(memberships.map((membership) => [membership.orgId, membership.orgName]));
        const filter = options.status ?? "all";
        return { tokens: await listAll(services, context, { displayFilterOption: filter }), orgNames };
      });
      io.stdout.write(options.json ? `${JSON.stringify(tokens, null, 2)}\n` : formatTokenTable(tokens, orgNames));
    });

  token
    .command("revoke")
    .description("Revoke one of a user's tokens, or with --all every one of them; they stop working at once")
    .requiredOption("--user <user>", "owner of the token(s)")
    .option("--all", "revoke every token of the user (with --org: those that work in that organization)")
    .option("--org <org>", "with --all: only the tokens that work in this organization")
    .argument("[authorizationId]", "the token's authorizationId (see token list)")
    .action(async (authorizationId: string | undefined, options: { user: string; all?: boolean; org?: string }) => {
      if (options.all === true) {
        if (authorizationId !== undefined)
          throw new CliError("give either an authorizationId or --all, not both.", EXIT_USAGE);
        const count = await withServices(getConfig, (services) => revokeAllOfUser(services, options.user, options.org));
        const where = options.org === undefined ? "" : ` in organization '${options.org.toLowerCase()}'`;
        io.stdout.write(`Revoked ${count} token${count === 1 ? "" : "s"} of '${options.user}'${where}.\n`);
        return;
      }
      if (authorizationId === undefined) throw new CliError("give the token's authorizationId, or --all.", EXIT_USAGE);
      if (options.org !== undefined) throw new CliError("--org goes with --all.", EXIT_USAGE);
      const revoked = await withServices(getConfig, async (services) => {
        const user = await requireUser(services.store.db, options.user);
        const context = operatorContext(user, null);
        return unwrap(await services.tokens.revoke(context, authorizationId));
      });
      io.stdout.write(`Revoked token '${revoked.displayName}' (${revoked.authorizationId}).\n`);
    });
}

/** The days of --expiring-within: a whole number from 0 to 365. */
function parseExpiringWithin(value: string): number {
  const days = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(days >= 0 && days <= MAX_EXPIRING_WITHIN_DAYS)) {
    throw new InvalidArgumentError(`The number of days is a whole number from 0 to ${MAX_EXPIRING_WITHIN_DAYS}.`);
  }
  return days;
}

/** A whole number of days in the allowed lifespan; anything else is a usage error. */
function parseDays(value: string): number {
  const days = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(days >= 1 && days <= MAX_LIFESPAN_DAYS)) {
    throw new InvalidArgumentError(`The lifespan is a whole number of days from 1 to ${MAX_LIFESPAN_DAYS}.`);
  }
  return days;
}

/** Who creates, and where: the user must be active and, for --org, a member of it. */
async function creationContext(services: Services, options: CreateOptions): Promise<LifecycleContext> {
  const db = services.store.db;
  const user = await requireUser(db, options.user);
  if (user.isDisabled) throw new CliError(`User '${user.username}' is disabled.`);
  if (options.org === undefined) return operatorContext(user, null);
  const org = await requireOrganization(db, options.org);
  const memberships = await findMembershipsOfUser(db, user.id);
  if (!memberships.some((membership) => membership.orgId === org.id)) {
    throw new CliError(`User '${user.username}' is not a member of organization '${org.name}'.`);
  }
  return operatorContext(user, org.id);
}

/** Every page of the list, following continuation tokens. */
async function listAll(
  services: Services,
  context: LifecycleContext,
  request: ListPatRequest,
): Promise<PatTokenView[]> {
  const tokens: PatTokenView[] = [];
  let continuationToken: string | undefined;
  do {
    const page = unwrap(await services.tokens.list(context, { ...request, continuationToken }));
    tokens.push(...page.patTokens);
    // "" marks the last page (null elsewhere).
    continuationToken = page.continuationToken || undefined;
  } while (continuationToken !== undefined);
  return tokens;
}
