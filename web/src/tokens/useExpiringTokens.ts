/**
 * The user's active tokens that expire within the banner's days, whatever the list shows:
 * one request for the first active tokens by expiry date, soonest first.
 */
import { useEffect, useState } from "react";
import { listTokenPage } from "../api/token-list.ts";
import type { PatToken } from "../api/tokens.ts";
import { BANNER_DAYS, expiresWithin } from "./expiry.ts";

/** Tokens the banner names at most; it says how many more there are. */
const SHOWN = 20;

export interface ExpiringTokens {
  tokens: PatToken[];
  /** More tokens than `tokens` may expire within the days (the first page was all expiring). */
  more: boolean;
}

/** Reads again whenever `version` changes (after every change made on the page). */
export function useExpiringTokens(org: string | undefined, version: number): ExpiringTokens {
  const [expiring, setExpiring] = useState<ExpiringTokens>({ tokens: [], more: false });
  // `version` is not read inside: a new value is the signal to read again.
  // biome-ignore lint/correctness/useExhaustiveDependencies: version is the reload signal.
  useEffect(() => {
    if (org === undefined) return;
    let current = true;
    const query = { filter: "active", sortBy: "displayDate", ascending: true, search: "", top: SHOWN } as const;
    listTokenPage(org, { ...query, continuationToken: null })
      .then((page) => {
        if (!current) return;
        const now = new Date();
        const tokens = page.patTokens.filter((token) => expiresWithin(token, BANNER_DAYS, now));
        setExpiring({ tokens, more: tokens.length === SHOWN && page.continuationToken !== null });
      })
      // The banner is a help, not the list: when it cannot be read, the list still shows every date.
      .catch(() => current && setExpiring({ tokens: [], more: false }));
    return () => {
      current = false;
    };
  }, [org, version]);
  return expiring;
}
