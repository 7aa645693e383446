/**
 * The audit log's filters: time range (presets or a custom UTC range), event type (an area or one
 * exact type) and actor. Every change goes to the URL at once (the actor after a pause in typing),
 * and the page reads the filters back from there.
 */
import { Field, Input, makeStyles, Select } from "@fluentui/react-components";
import { useEffect, useState } from "react";
import { setQueryParam } from "../router.ts";
import { EVENT_TYPE_GROUPS } from "./audit-event-types.ts";
import { type AuditFilters, FILTER_PARAMS, RANGE_OPTIONS } from "./audit-filters.ts";

const useStyles = makeStyles({
  bar: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "flex-start",
    columnGap: "16px",
    rowGap: "12px",
    margin: "16px 0",
  },
  field: { minWidth: "160px", "@media (max-width: 700px)": { flexGrow: 1, minWidth: "100%" } },
  wide: { minWidth: "240px", "@media (max-width: 700px)": { flexGrow: 1, minWidth: "100%" } },
});

/** Milliseconds of quiet typing before the actor filter is applied. */
const TYPING_PAUSE_MS = 400;

/** The filter fields; `rangeError` is shown on the custom range's end date. */
export function AuditFilterBar(props: { filters: AuditFilters; rangeError: string | null }) {
  const styles = useStyles();
  const { filters } = props;
  const [actor, setActor] = useState(filters.actor);

  useEffect(() => {
    if (actor === filters.actor) return;
    const timer = window.setTimeout(() => setQueryParam(FILTER_PARAMS.actor, actor.trim()), TYPING_PAUSE_MS);
    return () => window.clearTimeout(timer);
  }, [actor, filters.actor]);

  return (
    <search className={styles.bar} aria-label="Audit log filters">
      <Field label="Time range" className={styles.field}>
        <Select value={filters.range} onChange={(_, data) => setQueryParam(FILTER_PARAMS.range, data.value)}>
          {RANGE_OPTIONS.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </Select>
      </Field>
      {filters.range === "custom" && (
        <>
          <Field label="From (UTC)" className={styles.field}>
            <Input
              type="date"
              value={filters.from}
              onChange={(_, data) => setQueryParam(FILTER_PARAMS.from, data.value)}
            />
          </Field>
          <Field
            label="To (UTC)"
            className={styles.field}
            validationState={props.rangeError === null ? "none" : "error"}
            validationMessage={props.rangeError ?? undefined}
          >
            <Input type="date" value={filters.to} onChange={(_, data) => setQueryParam(FILTER_PARAMS.to, data.value)} />
          </Field>
        </>
      )}
      <Field label="Event type" className={styles.wide}>
        <Select value={filters.event} onChange={(_, data) => setQueryParam(FILTER_PARAMS.event, data.value)}>
          <option value="">All events</option>
          {EVENT_TYPE_GROUPS.map((group) => (
            <optgroup key={group.area} label={group.area}>
              <option value={group.area}>All {group.area} events</option>
              {group.types.map((type) => (
                <option key={type} value={type}>
                  {type}
                </option>
              ))}
            </optgroup>
          ))}
        </Select>
      </Field>
      <Field label="Actor" hint="User name" className={styles.field}>
        <Input type="search" value={actor} onChange={(_, data) => setActor(data.value)} />
      </Field>
    </search>
  );
}
