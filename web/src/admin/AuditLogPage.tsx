/**
 * Organization settings → Audit log: the organization's events newest first, narrowed by time
 * range, event type and actor (all kept in the URL), a page at a time with "Load more", each
 * entry opening to its full record; the filtered log exported as CSV or JSON; and whether the
 * tamper-evident chain of events checks out.
 */
import { Body1, Button, makeStyles, Spinner, Text, tokens, typographyStyles } from "@fluentui/react-components";
import { useMemo, useRef } from "react";
import { auditDownloadUrl } from "../api/audit.ts";
import { FormError } from "../components/FormError.tsx";
import { useFocusOnArrival } from "../components/focus-keeper.ts";
import { SettingsLayout } from "../layout/SettingsLayout.tsx";
import { useLocation } from "../router.ts";
import { AuditChainStatus } from "./audit-chain-status.tsx";
import { AuditEntryList, entryButtonId } from "./audit-entry-list.tsx";
import { AuditFilterBar } from "./audit-filter-bar.tsx";
import { readFilters, toQuery } from "./audit-filters.ts";
import { useAuditLog } from "./audit-use-log.ts";

const useStyles = makeStyles({
  // A plain h1 with Title1's type, so it can take focus on arrival (members-focus.ts). It is not
  // in the tab order and does nothing, so it shows no focus ring (which would read as a control).
  title: { ...typographyStyles.title1, margin: 0, ":focus": { outlineStyle: "none" } },
  intro: { color: tokens.colorNeutralForeground2, maxWidth: "72ch", display: "block", margin: "8px 0 16px" },
  resultBar: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    justifyContent: "space-between",
    gap: "8px",
    margin: "8px 0 12px",
  },
  exports: { display: "flex", flexWrap: "wrap", gap: "8px" },
  more: { display: "flex", justifyContent: "center", margin: "16px 0" },
});

/** The Audit log settings page. */
export function AuditLogPage(props: { org: string }) {
  const styles = useStyles();
  const { search } = useLocation();
  const searchKey = search.toString();
  const filters = useMemo(() => readFilters(new URLSearchParams(searchKey)), [searchKey]);
  // "Last 7 days" is counted from when the filters were chosen, not from every render.
  const translated = useMemo(() => toQuery(filters, new Date()), [filters]);
  const query = translated.ok ? translated.query : null;
  const log = useAuditLog(props.org, query);
  const heading = useRef<HTMLHeadingElement>(null);
  useFocusOnArrival(heading);

  async function loadMore() {
    const [first] = await log.loadMore();
    // Focus moves to the first new entry, so a keyboard user continues where the list grew
    // (the Load more button may be gone, having loaded the last page).
    if (first !== undefined) window.requestAnimationFrame(() => document.getElementById(entryButtonId(first))?.focus());
  }

  const count = log.entries.length;
  return (
    <SettingsLayout place={{ kind: "org", org: props.org, section: "audit" }} title="Audit log">
      <h1 className={styles.title} tabIndex={-1} ref={heading}>
        Audit log
      </h1>
      <Body1 className={styles.intro}>
        Who did what in {props.org}: token changes and revocations, policy changes and membership changes. Times are in
        UTC.
      </Body1>
      <AuditChainStatus org={props.org} />
      <AuditFilterBar filters={filters} rangeError={translated.ok ? null : translated.reason} />
      <div className={styles.resultBar}>
        <Text role="status">
          {log.loading
            ? ""
            : count === 0
              ? "No events match these filters."
              : `${count} ${count === 1 ? "event" : "events"} shown${log.hasMore ? ", more available" : ""}`}
        </Text>
        {query !== null && (
          <div className={styles.exports}>
            <Button as="a" href={auditDownloadUrl(props.org, "csv", query)} download>
              Export CSV
            </Button>
            <Button as="a" href={auditDownloadUrl(props.org, "json", query)} download>
              Export JSON
            </Button>
          </div>
        )}
      </div>
      <FormError message={log.error} />
      {log.loading ? <Spinner label="Loading the audit log" /> : <AuditEntryList entries={log.entries} />}
      {log.hasMore && (
        <div className={styles.more}>
          <Button onClick={loadMore} disabled={log.loadingMore}>
            {log.loadingMore ? "Loading…" : "Load more"}
          </Button>
        </div>
      )}
    </SettingsLayout>
  );
}
