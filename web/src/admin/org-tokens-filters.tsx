/**
 * The organization token list's search and filters. Each writes its URL parameter (setQueryParam),
 * and the page lists what the URL says; typed text is committed after a pause or on Enter, so the
 * list does not reload on every keystroke.
 */
import { Field, Input, makeStyles, SearchBox, Select } from "@fluentui/react-components";
import { type KeyboardEvent, useEffect, useRef, useState } from "react";
import { setQueryParam } from "../router.ts";
import { SCOPE_OPTIONS } from "./org-tokens-format.ts";
import { EXPIRING_OPTIONS, type OrgTokenFilters, STATUS_OPTIONS } from "./org-tokens-query.ts";

const useStyles = makeStyles({
  bar: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fit, minmax(min(100%, 180px), 1fr))",
    gap: "12px",
    alignItems: "end",
    marginBottom: "16px",
  },
  search: { gridColumn: "span 2", "@media (max-width: 760px)": { gridColumn: "auto" } },
  control: { minWidth: 0, maxWidth: "100%" },
});

const TYPING_PAUSE_MS = 350;

/** Text kept locally while typed and written to the URL after a pause (or at once with Enter). */
function useCommittedText(param: string, committed: string) {
  const [text, setText] = useState(committed);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => setText(committed), [committed]);
  useEffect(() => () => clearTimeout(timer.current), []);
  const commitNow = (value: string) => {
    clearTimeout(timer.current);
    if (value.trim() !== committed) setQueryParam(param, value.trim() === "" ? null : value.trim());
  };
  return {
    text,
    change(value: string) {
      setText(value);
      clearTimeout(timer.current);
      timer.current = setTimeout(() => commitNow(value), TYPING_PAUSE_MS);
    },
    commitNow,
  };
}

/** The toolbar above the list. */
export function OrgTokenFiltersBar(props: { filters: OrgTokenFilters }) {
  const styles = useStyles();
  const { filters } = props;
  const search = useCommittedText("search", filters.search);
  const user = useCommittedText("user", filters.user);
  const onEnter = (commit: () => void) => (event: KeyboardEvent) => {
    if (event.key === "Enter") {
      event.preventDefault();
      commit();
    }
  };
  return (
    <search className={styles.bar} aria-label="Find tokens">
      <Field className={styles.search} label="Search by token name or username">
        <SearchBox
          className={styles.control}
          value={search.text}
          onChange={(_, data) => search.change(data.value)}
          onKeyDown={onEnter(() => search.commitNow(search.text))}
        />
      </Field>
      <Field label="User">
        <Input
          className={styles.control}
          placeholder="Any user"
          value={user.text}
          onChange={(_, data) => user.change(data.value)}
          onKeyDown={onEnter(() => user.commitNow(user.text))}
        />
      </Field>
      <Field label="Status" hint={filters.expiring === "" ? undefined : "Only active tokens expire."}>
        <Select
          className={styles.control}
          value={filters.expiring === "" ? filters.status : "active"}
          disabled={filters.expiring !== ""}
          onChange={(_, data) => setQueryParam("status", data.value === "active" ? null : data.value)}
        >
          {STATUS_OPTIONS.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Scope">
        <Select
          className={styles.control}
          value={filters.scope}
          onChange={(_, data) => setQueryParam("scope", data.value)}
        >
          <option value="">Any scope</option>
          {SCOPE_OPTIONS.map((option) => (
            <option key={option.scope} value={option.scope}>
              {option.label}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Expires">
        <Select
          className={styles.control}
          value={filters.expiring}
          onChange={(_, data) => setQueryParam("expiring", data.value)}
        >
          {EXPIRING_OPTIONS.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </Select>
      </Field>
    </search>
  );
}
