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
import { operatorContext } from "../tokens/lifecycle-requests.js";
import type { PatTokenView } from "../tokens/pat-view.js";
import type { LifecycleContext, ListPatRequest } from "../tokens/token-lifecycle.js";
import { CliError, EXIT_USAGE } from "./cli-error.js";
import type { CliIo, ConfigSource } from "./main.js";
import { requireOrganization, requireUser, unwrap, withServices } from "./operator.js";
import { formatTokenTable } from "./token-table.js";

const DAY_MS = 24 * 60 * 60 * 1000;
const LIST_FILTERS = ["active", "revoked", "expired", "all"] as const;

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
    .description("List a user's tokens (never their values)")
    .requiredOption("--user <user>", "owner of the tokens")
    .addOption(new Option("--status <status>", "which tokens to show").choices(LIST_FILTERS).default("all"))
    .option("--json", "print the API's PatToken objects as a JSON array")
    .action(async (options: { user: string; status: (typeof LIST_FILTERS)[number]; json?: boolean }) => {
      const { tokens, orgNames } = await withServices(getConfig, async (services) => {
        const user = await requireUser(services.store.db, options.user);
        const context = operatorContext(user, null);
        const memberships = await findMembershipsOfUser(services.store.db, user.id);
        const orgNames = new Map(memberships.map((membership) => [membership.orgId, membership.orgName]));
        return { tokens: await listAll(services, context, { displayFilterOption: options.status }), orgNames };
      });
      io.stdout.write(options.json ? `${JSON.stringify(tokens, null, 2)}\n` : formatTokenTable(tokens, orgNames));
    });

  token
    .command("revoke")
    .description("Revoke one of a user's tokens; it stops working at once")
    .requiredOption("--user <user>", "owner of the token")
    .argument("<authorizationId>", "the token's authorizationId (see token list)")
    .action(async (authorizationId: string, options: { user: string }) => {
      const revoked = await withServices(getConfig, async (services) => {
        const user = await requireUser(services.store.db, options.user);
        const context = operatorContext(user, null);
        return unwrap(await services.tokens.revoke(context, authorizationId));
      });
      io.stdout.write(`Revoked token '${revoked.displayName}' (${revoked.authorizationId}).\n`);
    });
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
    continuationToken = page.continuationToken ?? undefined;
  } while (continuationToken !== undefined);
  return tokens;
}
