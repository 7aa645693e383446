/**
 * A token's usage over the last days, as the usage API shows it: what is stored, plus what this
 * process counted and has not flushed yet (so today's figures are current on the instance that
 * answers; other instances' counts arrive with their next flush). Found through the lifecycle's
 * `get`, so exactly the tokens the caller may get have a usage report.
 */
import type { Queryable } from "../db/query.js";
import { suggestLeastPrivilege } from "../domain/least-privilege.js";
import { dailySeries, dateOfDay, dayNumberOf, scopesExercised, type UsageDay } from "../domain/usage-days.js";
import type { PatResult } from "../tokens/pat-errors.js";
import type { LifecycleContext, TokenLifecycle } from "../tokens/token-lifecycle.js";
import { readUsageDays } from "./usage.repository.js";

/** One day as the API shows it. */
export interface UsageDayView extends UsageDay {
  readonly distinctClientAddresses: number;
}

/** The usage API's answer. */
export interface TokenUsageReport {
  readonly authorizationId: string;
  readonly days: number;
  readonly scopesGranted: readonly string[];
  readonly scopesUsed: readonly string[];
  readonly suggestedScope: string | null;
  readonly series: readonly UsageDayView[];
}

export interface UsageReportDeps {
  readonly db: Queryable;
  readonly tokens: Pick<TokenLifecycle, "get">;
  readonly unwrittenDays: (authorizationId: string) => readonly UsageDay[];
}

/** The report of one of the caller's tokens over the `days` ending at `now` (UTC days), or the lifecycle's 400/404. */
export async function tokenUsageReport(
  deps: UsageReportDeps,
  context: LifecycleContext,
  authorizationId: string,
  days: number,
  now: Date,
): Promise<PatResult<TokenUsageReport>> {
  const found = await deps.tokens.get(context, authorizationId);
  if (!found.ok) return found;
  const token = found.value;
  const today = dayNumberOf(now.getTime());
  const from = dateOfDay(today - days + 1);
  const to = dateOfDay(today);
  const stored = await readUsageDays(deps.db, token.authorizationId, from, to);
  // dailySeries keeps only the days in range, unwritten ones included.
  const series = dailySeries(today, days, [...stored, ...deps.unwrittenDays(token.authorizationId)]);
  const scopesUsed = scopesExercised(series);
  return {
    ok: true,
    value: {
      authorizationId: token.authorizationId,
      days,
      scopesGranted: token.scope.split(" ").filter((scope) => scope.length > 0),
      scopesUsed,
      suggestedScope: suggestLeastPrivilege(scopesUsed),
      series: series.map((day) => ({ ...day, distinctClientAddresses: day.clientAddresses.length })),
    },
  };
}
