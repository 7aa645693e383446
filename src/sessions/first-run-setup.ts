/**
 * First-run setup (SPEC section 11): while the store has no users, the person holding a
 * console's one-time code (setup-code.ts) creates the first administrator and the first
 * organization, and is signed in. Once any user exists, setup is over for good (409), whatever
 * code is presented.
 *
 * Exactly once across instances: the code is spent by inserting the one claim row (one
 * conditional write; its affected-row count decides), and only the instance whose insert took
 * effect creates anyone. The others answer 409. If the winner dies between its claim and the
 * administrator's creation, the claim is released at the next start a minute later.
 */
import type { Kysely } from "kysely";
import type { Logger } from "pino";
import { recordAuditEvent } from "../audit/audit-log.js";
import type { Clock } from "../clock.js";
import type { Database } from "../db/schema.js";
import type { Directory } from "../directory.js";
import { checkEmail, checkOrgName, checkUsername } from "../domain/names.js";
import type { DirectoryErrorCode } from "../http/error-catalog.js";
import { countUsers, findUserById } from "../users/user.repository.js";
import { MIN_PASSWORD_LENGTH } from "./password-change.js";
import type { SessionService, StartedSession } from "./session.service.js";
import { newSetupCode, setupCodeHash } from "./setup-code.js";
import {
  claimSetup,
  deleteAllSetupCodes,
  deleteSetupCode,
  findSetupClaim,
  insertSetupCode,
  releaseSetupClaim,
  setupCodeExists,
} from "./setup-code.repository.js";
import { actorOf, type ClientInfo } from "./sign-in.js";

/** A claim this old with still no user died with its instance (a setup takes well under a second). */
const STALE_CLAIM_MS = 60_000;

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
  | { ok: false; reason: "invalid"; code: DirectoryErrorCode; message: string };

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
  /** The code this instance printed, while it may still be used. */
  let issued: { code: string; hash: string } | null = null;
  const alreadyDone = { ok: false as const, reason: "alreadyDone" as const };
  const badCode = { ok: false as const, reason: "badCode" as const };
  const invalid = (failure: { code: DirectoryErrorCode; message: string }) => ({
    ok: false as const,
    reason: "invalid" as const,
    code: failure.code,
    message: failure.message,
  });
  /** Why a live-looking code was not spent: someone completed (or is completing) setup, or it is no code. */
  const refusal = async () => ((await findSetupClaim(db)) === undefined ? badCode : alreadyDone);

  return {
    /** At server start: issues this instance's code when there are no users, and logs that setup is pending (never the code). */
    async prepare(): Promise<void> {
      if ((await countUsers(db)) > 0) {
        await deleteAllSetupCodes(db); // left by instances that died before setup was done
        return;
      }
      const claim = await findSetupClaim(db);
      if (claim !== undefined && Date.parse(claim.startedAt) + STALE_CLAIM_MS <= clock.now().getTime()) {
        await releaseSetupClaim(db, claim);
        logger.warn("a first-run setup that never finished (its instance stopped) was released");
      }
      const code = newSetupCode();
      const hash = setupCodeHash(code);
      await insertSetupCode(db, hash, clock.now().toISOString());
      issued = { code, hash };
      logger.info(
        "first-run setup is pending: open the one-time setup URL printed on this instance's console " +
          "(a code printed by another instance works too, once)",
      );
    },

    /** This instance's code while setup is pending and it may be used, for the operator's console line; else null. */
    pendingCode(): string | null {
      return issued?.code ?? null;
    },

    /** At shutdown: voids this instance's code, which nobody can be shown again. */
    async withdraw(): Promise<void> {
      if (issued === null) return;
      const { hash } = issued;
      issued = null;
      await deleteSetupCode(db, hash);
    },

    /** True while the store has no users. */
    async required(): Promise<boolean> {
      return (await countUsers(db)) === 0;
    },

    /** Creates the first administrator and organization and signs them in. */
    async complete(input: SetupInput, client: ClientInfo): Promise<SetupResult> {
      if ((await countUsers(db)) > 0) return alreadyDone;
      const hash = input.code === undefined ? undefined : setupCodeHash(input.code);
      if (hash === undefined || !(await setupCodeExists(db, hash))) {
        logger.info({ clientIp: client.ip }, "first-run setup refused: missing or wrong code");
        return refusal();
      }
      const problem = validate(input);
      if (problem !== undefined) return invalid(problem);
      const claim = { codeHash: hash, startedAt: clock.now().toISOString() };
      if (!(await claimSetup(db, claim.codeHash, claim.startedAt))) return refusal();
      const actor = { ...actorOf(client), name: "first-run setup" };
      const { username, email, displayName, password } = input;
      const user = await directory
        .addUser(actor, { username, email, displayName, password, admin: true })
        .catch(async (error: unknown) => {
          await releaseSetupClaim(db, claim);
          throw error;
        });
      if (!user.ok) {
        await releaseSetupClaim(db, claim);
        return invalid(user);
      }
      // An administrator exists: setup is over on every instance, and no code may be used again.
      issued = null;
      await deleteAllSetupCodes(db);
      const org = await directory.addOrganization(actor, input.organization, user.value.username);
      if (!org.ok) return invalid(org);
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
function validate(input: SetupInput): { code: DirectoryErrorCode; message: string } | undefined {
  const checks = [
    { code: "invalidName", check: checkUsername(input.username) },
    { code: "invalidEmail", check: checkEmail(input.email) },
    { code: "invalidName", check: checkOrgName(input.organization) },
  ] as const;
  for (const { code, check } of checks) if (!check.ok) return { code, message: check.message };
  if (input.password.length < MIN_PASSWORD_LENGTH) {
    return { code: "invalidPassword", message: "A password has at least 8 characters." };
  }
  return undefined;
}
