/**
 * Above the list: New Token, Revoke all, and the view (search, status filter, sort). It wraps
 * onto more lines on a narrow screen instead of pushing the page sideways.
 */
import { Button, Field, makeStyles, SearchBox, Select, useRestoreFocusTarget } from "@fluentui/react-components";
import { useEffect, useRef, useState } from "react";
import type { SortField, StatusFilter } from "../api/tokens.ts";
import { type ListView, MAX_SEARCH_LENGTH } from "./list-params.ts";

const useStyles = makeStyles({
  toolbar: { display: "flex", flexWrap: "wrap", alignItems: "flex-end", gap: "12px 24px", margin: "16px 0" },
  buttons: { display: "flex", flexWrap: "wrap", gap: "8px" },
  search: { width: "260px", maxWidth: "100%" },
  field: { maxWidth: "100%" },
});

const FILTERS: readonly { value: StatusFilter; label: string }[] = [
  { value: "active", label: "Active" },
  { value: "expired", label: "Expired" },
  { value: "revoked", label: "Revoked" },
  { value: "all", label: "All" },
];

const SORTS: readonly { field: SortField; ascending: boolean; label: string }[] = [
  { field: "displayName", ascending: true, label: "Name (A to Z)" },
  { field: "displayName", ascending: false, label: "Name (Z to A)" },
  { field: "displayDate", ascending: true, label: "Expiry (soonest first)" },
  { field: "displayDate", ascending: false, label: "Expiry (latest first)" },
  { field: "status", ascending: true, label: "Status (active first)" },
  { field: "status", ascending: false, label: "Status (revoked first)" },
];

/** Typing waits this long before the list is searched, so each key press is not a request. */
const SEARCH_DELAY_MS = 300;

export interface TokenToolbarProps {
  view: ListView;
  /** Whether Revoke all has anything to revoke. */
  canRevokeAll: boolean;
  onNewToken: () => void;
  onRevokeAll: () => void;
  onView: (changes: Partial<ListView>) => void;
}

/** The toolbar. */
export function TokenToolbar(props: TokenToolbarProps) {
  const styles = useStyles();
  const restoreFocusTarget = useRestoreFocusTarget();
  const [typed, setTyped] = useState(props.view.search);
  const onView = useRef(props.onView);
  onView.current = props.onView;
  useEffect(() => {
    if (typed === props.view.search) return;
    const timer = window.setTimeout(() => onView.current({ search: typed }), SEARCH_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [typed, props.view.search]);
  const sortValue = `${props.view.sortBy}:${props.view.ascending ? "asc" : "desc"}`;
  return (
    <div className={styles.toolbar}>
      <div className={styles.buttons}>
        <Button appearance="primary" {...restoreFocusTarget} onClick={props.onNewToken}>
          New Token
        </Button>
        <Button {...restoreFocusTarget} disabledFocusable={!props.canRevokeAll} onClick={props.onRevokeAll}>
          Revoke all
        </Button>
      </div>
      <Field label="Search by name" className={styles.field}>
        <SearchBox
          className={styles.search}
          value={typed}
          maxLength={MAX_SEARCH_LENGTH}
          onChange={(_, data) => setTyped(data.value)}
        />
      </Field>
      <Field label="Status filter" className={styles.field}>
        <Select value={props.view.filter} onChange={(_, data) => props.onView({ filter: data.value as StatusFilter })}>
          {FILTERS.map((filter) => (
            <option key={filter.value} value={filter.value}>
              {filter.label}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Sort by" className={styles.field}>
        <Select
          value={sortValue}
          onChange={(_, data) => {
            const chosen = SORTS.find((sort) => `${sort.field}:${sort.ascending ? "asc" : "desc"}` === data.value);
            if (chosen) props.onView({ sortBy: chosen.field, ascending: chosen.ascending });
          }}
        >
          {SORTS.map((sort) => (
            <option key={sort.label} value={`${sort.field}:${sort.ascending ? "asc" : "desc"}`}>
              {sort.label}
            </option>
          ))}
        </Select>
      </Field>
    </div>
  );
}
