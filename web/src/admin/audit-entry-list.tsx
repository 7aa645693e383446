/**
 * The audit entries as a column of cards, each a disclosure: the header says when, who and what
 * (and the sentence of the event); opened, it shows every field an investigation needs (data
 * fields, IP address, user agent, how the actor authenticated). Cards rather than a table, so a
 * phone shows the same information stacked without scrolling sideways.
 */
import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Badge,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import type { AuditEntry } from "../api/audit.ts";
import { formatDateTime } from "../tokens/format.ts";

const useStyles = makeStyles({
  item: {
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    marginBottom: "8px",
    backgroundColor: tokens.colorNeutralBackground1,
  },
  header: { minHeight: "auto", paddingTop: "6px", paddingBottom: "6px" },
  summary: {
    display: "grid",
    gridTemplateColumns: "170px minmax(100px, 180px) minmax(0, 1fr)",
    columnGap: "16px",
    rowGap: "2px",
    alignItems: "baseline",
    textAlign: "start",
    minWidth: 0,
    "@media (max-width: 700px)": { gridTemplateColumns: "minmax(0, 1fr)" },
  },
  when: { color: tokens.colorNeutralForeground2, whiteSpace: "nowrap" },
  actor: { fontWeight: tokens.fontWeightSemibold, overflowWrap: "anywhere" },
  what: { display: "flex", flexDirection: "column", gap: "2px", minWidth: 0 },
  action: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, overflowWrap: "anywhere" },
  sentence: { overflowWrap: "anywhere" },
  fields: {
    display: "grid",
    gridTemplateColumns: "max-content minmax(0, 1fr)",
    columnGap: "16px",
    rowGap: "4px",
    margin: "0 0 12px",
    "@media (max-width: 700px)": { gridTemplateColumns: "minmax(0, 1fr)" },
  },
  group: { display: "contents" },
  term: { color: tokens.colorNeutralForeground2, fontWeight: tokens.fontWeightSemibold },
  value: { margin: 0, overflowWrap: "anywhere", "@media (max-width: 700px)": { marginBottom: "6px" } },
  code: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
});

/** The id of an entry's disclosure button, so the page can move focus to it. */
export function entryButtonId(entry: AuditEntry): string {
  return `audit-entry-${entry.id}`;
}

function dataValue(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === null || value === undefined) return "—";
  return JSON.stringify(value);
}

function EntryFields(props: { entry: AuditEntry }) {
  const styles = useStyles();
  const { entry } = props;
  const rows: [string, string][] = [
    ["Time (UTC)", formatDateTime(entry.timestamp)],
    ["Actor", entry.actorDisplayName || "—"],
    ["Event type", entry.actionId],
    ["Category", entry.categoryDisplayName],
    ["Details", entry.details || "—"],
    ["IP address", entry.ipAddress || "—"],
    ["User agent", entry.userAgent || "—"],
    ["Authentication", entry.authenticationMechanism || "—"],
    ["Scope", entry.scopeDisplayName],
  ];
  const data = Object.entries(entry.data);
  return (
    <>
      <dl className={styles.fields}>
        {rows.map(([term, value]) => (
          <div key={term} className={styles.group}>
            <dt className={styles.term}>{term}</dt>
            <dd className={styles.value}>{value}</dd>
          </div>
        ))}
      </dl>
      {data.length > 0 && (
        <dl className={styles.fields} aria-label="Data fields">
          {data.map(([name, value]) => (
            <div key={name} className={styles.group}>
              <dt className={`${styles.term} ${styles.code}`}>{name}</dt>
              <dd className={`${styles.value} ${styles.code}`}>{dataValue(value)}</dd>
            </div>
          ))}
        </dl>
      )}
    </>
  );
}

/** The list of entries; several can be open at once. */
export function AuditEntryList(props: { entries: readonly AuditEntry[] }) {
  const styles = useStyles();
  return (
    <Accordion multiple collapsible>
      {props.entries.map((entry) => (
        <AccordionItem key={entry.id} value={entry.id} className={styles.item}>
          <AccordionHeader className={styles.header} button={{ id: entryButtonId(entry) }} expandIconPosition="end">
            <span className={styles.summary}>
              <span className={styles.when}>{formatDateTime(entry.timestamp)}</span>
              <span className={styles.actor}>{entry.actorDisplayName || "Patina"}</span>
              <span className={styles.what}>
                <span className={styles.action}>
                  {entry.actionId}{" "}
                  <Badge appearance="tint" size="small">
                    {entry.categoryDisplayName}
                  </Badge>
                </span>
                <span className={styles.sentence}>{entry.details}</span>
              </span>
            </span>
          </AccordionHeader>
          <AccordionPanel>
            <EntryFields entry={entry} />
          </AccordionPanel>
        </AccordionItem>
      ))}
    </Accordion>
  );
}
