/**
 * First-run setup (SPEC section 11): while the store has no users, the person holding the
 * console's one-time code creates the first administrator and the first organization, and is
 * signed in. Once any user exists, setup is over for good (409), whatever code is presented.
 */
import type { Kysely } from "kysely";
import type { Logger } from "pino";
import { recordAuditEvent } from "../audit/audit-log.js";
import type { Clock } from "../clock.js";
import type { Database } from "../db/schema.js";
import type { Directory } from "../directory.js";
import { checkEmail, checkOrgName, checkUsername } from "../domain/names.js";
import { countUsers, findUserById } from "../users/user.repository.js";
import { MIN_PASSWORD_LENGTH } from "./password-change.js";
import type { SessionService, StartedSession } from "./session.service.js";
import { SetupCode } from "./setup-code.js";
import { actorOf, type ClientInfo } from "./sign-in.js";

/** What the setup page sends. */
export interface SetupInput {
  readonly code?: string;
  readonly username: string;
  readonly password: string;
  readonly displayName?: string;
  readonly email: string;
  readonly organization: string;
}

/** The outcome of a setup attempt; failures are data for the route to map. */
export type SetupResult =
  | { ok: true; session: StartedSession }
  | { ok: false; reason: "alreadyDone" }
  | { ok: false; reason: "badCode" }
  | { ok: false; reason: "invalid"; message: string };

/** What first-run setup is built from. */
export interface FirstRunSetupDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly directory: Directory;
  readonly sessions: SessionService;
}

/** Creates the first-run setup. */
export function createFirstRunSetup(deps: FirstRunSetupDeps) {
  const { db, clock, logger, directory } = deps;
  const code = new SetupCode();
  const invalid = (message: string) => ({ ok: false as const, reason: "invalid" as const, message });

  return {
    /** At server start: issues a code when there are no users, and logs that setup is pending (never the code). */
    async prepare(): Promise<void> {
      if ((await countUsers(db)) > 0) return;
      code.issue();
      logger.info("first-run setup is pending: open the one-time setup URL printed on the server console");
    },

    /** The code while setup is pending in this process, for the operator's console line; else null. */
    pendingCode(): string | null {
      return code.pending();
    },

    /** True while the store has no users. */
    async required(): Promise<boolean> {
      return (await countUsers(db)) === 0;
    },

    /** Creates the first administrator and organization and signs them in. */
    async complete(input: SetupInput, client: ClientInfo): Promise<SetupResult> {
      if ((await countUsers(db)) > 0) return { ok: false, reason: "alreadyDone" };
      // No await from here to take(): two racing requests cannot both spend the code.
      if (input.code === undefined || !code.matches(input.code)) {
        logger.info({ clientIp: client.ip }, "first-run setup refused: missing or wrong code");
        return { ok: false, reason: "badCode" };
      }
      const problem = validate(input);
      if (problem !== undefined) return invalid(problem);
      const taken = code.take();
      const actor = { ...actorOf(client), name: "first-run setup" };
      const { username, email, displayName, password } = input;
      const user = await directory.addUser(actor, { username, email, displayName, password, admin: true });
      if (!user.ok) {
        code.restore(taken);
        return invalid(user.message);
      }
      const org = await directory.addOrganization(actor, input.organization, user.value.username);
      if (!org.ok) return invalid(org.message);
      const created = await findUserById(db, user.value.id);
      if (created === undefined) throw new Error("the user created by setup vanished");
      await recordAuditEvent(db, {
        eventType: "User.SetupEvent",
        actor: actorOf(client, created),
        timestamp: clock.now(),
        orgId: org.value.id,
        details: { username: created.username, organization: org.value.name },
      });
      logger.info({ userId: created.id, orgId: org.value.id }, "first-run setup done");
      return { ok: true, session: await deps.sessions.start(created) };
    },
  };
}

/** The first-run setup of one process. */
export type FirstRunSetup = ReturnType<typeof createFirstRunSetup>;

/** Everything the directory would refuse, checked before the code is spent. */
function validate(input: SetupInput): string | undefined {
  for (const check of [checkUsername(input.username), checkEmail(input.email), checkOrgName(input.organization)]) {
    if (!check.ok) return check.message;
  }
  if (input.password.length < MIN_PASSWORD_LENGTH) return "A password has at least 8 characters.";
  return undefined;
}
