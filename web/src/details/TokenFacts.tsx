/**
 * The token's facts as a description list: organization, dates, scopes granted and its last use
 * (time, address, and the user agents of its latest day of use).
 */
import { makeStyles, tokens } from "@fluentui/react-components";
import type { ReactNode } from "react";
import type { SessionOrganization } from "../api/session.ts";
import type { PatToken } from "../api/tokens.ts";
import type { TokenUsage } from "../api/usage.ts";
import { formatDate, formatDateTime, targetName } from "../tokens/format.ts";
import { describeScope } from "../tokens/scope-selection.ts";
import { latestActiveDay } from "./usage-summary.ts";

const useStyles = makeStyles({
  facts: {
    display: "grid",
    gridTemplateColumns: "max-content minmax(0, 1fr)",
    gap: "8px 24px",
    margin: 0,
    "@media (max-width: 600px)": { gridTemplateColumns: "minmax(0, 1fr)", gap: "2px" },
  },
  term: {
    color: tokens.colorNeutralForeground2,
    fontWeight: tokens.fontWeightSemibold,
    "@media (max-width: 600px)": { marginTop: "10px" },
  },
  value: { margin: 0, overflowWrap: "anywhere" },
  list: { margin: 0, paddingLeft: "20px" },
});

/** The latest address first, then the other recent ones. */
function addresses(recent: readonly string[]): string {
  const [latest, ...others] = recent;
  if (latest === undefined) return "Unknown";
  return others.length === 0 ? latest : `${latest} (recently also ${others.join(", ")})`;
}

/** The facts of one token. */
export function TokenFacts(props: {
  token: PatToken;
  usage: TokenUsage;
  organizations: readonly SessionOrganization[];
}) {
  const styles = useStyles();
  const { token, usage } = props;
  const agents = latestActiveDay(usage.series)?.userAgents ?? [];
  const fact = (term: string, value: ReactNode) => (
    <>
      <dt className={styles.term}>{term}</dt>
      <dd className={styles.value}>{value}</dd>
    </>
  );
  return (
    <dl className={styles.facts}>
      {fact("Organization", targetName(token, props.organizations))}
      {fact("Created", formatDateTime(token.validFrom))}
      {fact("Expires", `${formatDate(token.validTo)} (UTC)`)}
      {fact(
        "Scopes granted",
        <ul className={styles.list}>
          {describeScope(token.scope).map((words) => (
            <li key={words}>{words}</li>
          ))}
        </ul>,
      )}
      {fact("Last used", token.lastUsedAt === null ? "Never" : `${formatDateTime(token.lastUsedAt)} (UTC)`)}
      {token.lastUsedAt !== null && fact("Last address", addresses(token.lastUsedIps))}
      {token.lastUsedAt !== null && fact("User agent", agents.length === 0 ? "Unknown" : agents.join(", "))}
    </dl>
  );
}
