/**
 * The operator's token administration on the CLI: an organization's tokens (`token list --org`)
 * and revoking all tokens of a user (`token revoke --all --user`). Through the same service as the
 * admin API (services.tokenAdmin), with the operator's standing in the authority rule (the whole
 * instance, or one organization with --org) and the CLI actor in the audit events.
 */
import { CLI_ACTOR } from "../audit/audit-log.js";
import type { TokenStatus } from "../domain/token-rules.js";
import type { Services } from "../services.js";
import type { AdminContext } from "../tokenadmin/token-admin.service.js";
import type { AdminTokenView } from "../tokenadmin/token-admin.views.js";
import { requireOrganization, unwrap } from "./operator.js";

/** The operator's administration context, for one organization or (orgName undefined) the instance. */
export async function operatorAdminContext(services: Services, orgName: string | undefined): Promise<AdminContext> {
  const orgId = orgName === undefined ? null : (await requireOrganization(services.store.db, orgName)).id;
  return { admin: { kind: "operator", orgId }, actor: CLI_ACTOR, orgId };
}

/** Every page of an organization's token list with these filters. */
export async function listOrganizationTokens(
  services: Services,
  orgName: string,
  filters: { user?: string; status?: TokenStatus | "all"; expiringWithinDays?: number },
): Promise<AdminTokenView[]> {
  const context = await operatorAdminContext(services, orgName);
  const tokens: AdminTokenView[] = [];
  let continuationToken: string | undefined;
  do {
    const page = unwrap(await services.tokenAdmin.listTokens(context, { ...filters, continuationToken }));
    tokens.push(...page.value);
    continuationToken = page.continuationToken ?? undefined;
  } while (continuationToken !== undefined);
  return tokens;
}

/** Revokes every token of a user (within one organization with orgName); returns how many. */
export async function revokeAllOfUser(services: Services, user: string, orgName: string | undefined): Promise<number> {
  const context = await operatorAdminContext(services, orgName);
  return unwrap(await services.tokenAdmin.revokeAllOfUser(context, user));
}
