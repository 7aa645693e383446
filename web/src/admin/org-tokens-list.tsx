/**
 * The organization's tokens: a table on wide screens, a list of cards at phone width (so nothing
 * scrolls sideways and every action stays in reach). Which one shows follows the viewport, so each
 * keeps its own native semantics. Never a token's value: only its hint.
 */
import { Badge, Button, Checkbox, makeStyles, tokens } from "@fluentui/react-components";
import { Fragment, type ReactNode, useEffect, useState } from "react";
import type { AdminToken } from "../api/token-admin.ts";
import { scopeWords, shortDate } from "./org-tokens-format.ts";

/** At or below this width the list is cards. */
const NARROW_QUERY = "(max-width: 760px)";

const useStyles = makeStyles({
  table: { width: "100%", borderCollapse: "collapse" },
  headCell: {
    textAlign: "left",
    padding: "8px",
    fontWeight: tokens.fontWeightSemibold,
    borderBottom: `1px solid ${tokens.colorNeutralStroke1}`,
    whiteSpace: "nowrap",
  },
  row: { borderBottom: `1px solid ${tokens.colorNeutralStroke2}` },
  cell: { padding: "8px", verticalAlign: "top", overflowWrap: "anywhere" },
  name: { fontWeight: tokens.fontWeightSemibold, maxWidth: "280px", overflowWrap: "anywhere" },
  hint: { display: "block", fontFamily: tokens.fontFamilyMonospace, color: tokens.colorNeutralForeground2 },
  owner: { minWidth: 0, padding: 0, height: "auto", textAlign: "left", overflowWrap: "anywhere" },
  cards: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", rowGap: "12px" },
  card: {
    padding: "12px",
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    display: "flex",
    flexDirection: "column",
    rowGap: "8px",
  },
  cardTop: { display: "flex", alignItems: "flex-start", columnGap: "4px" },
  cardName: { flexGrow: 1, minWidth: 0, overflowWrap: "anywhere", fontWeight: tokens.fontWeightSemibold, margin: 0 },
  facts: {
    display: "grid",
    gridTemplateColumns: "max-content minmax(0, 1fr)",
    columnGap: "12px",
    rowGap: "4px",
    margin: 0,
  },
  term: { color: tokens.colorNeutralForeground2 },
  value: { margin: 0, overflowWrap: "anywhere", minWidth: 0 },
});

/** Whether the viewport is phone-narrow, following resizes and rotations. */
function useNarrow(): boolean {
  const [narrow, setNarrow] = useState(() => window.matchMedia(NARROW_QUERY).matches);
  useEffect(() => {
    const query = window.matchMedia(NARROW_QUERY);
    const update = () => setNarrow(query.matches);
    query.addEventListener("change", update);
    return () => query.removeEventListener("change", update);
  }, []);
  return narrow;
}

const STATUS_BADGES: Readonly<Record<string, { label: string; color: "success" | "danger" | "informative" }>> = {
  active: { label: "Active", color: "success" },
  revoked: { label: "Revoked", color: "danger" },
  expired: { label: "Expired", color: "informative" },
};

export interface OrgTokenListProps {
  tokens: readonly AdminToken[];
  selected: ReadonlySet<string>;
  onSelect: (authorizationId: string, selected: boolean) => void;
  onSelectAll: (selected: boolean) => void;
  onRevoke: (token: AdminToken) => void;
  onShowUser: (username: string) => void;
}

type RowProps = Omit<OrgTokenListProps, "tokens" | "onSelectAll"> & { token: AdminToken };

function Select(props: RowProps) {
  const { token } = props;
  return (
    <Checkbox
      aria-label={`Select ${token.displayName} of ${token.owner.username}`}
      checked={props.selected.has(token.authorizationId)}
      disabled={token.status !== "active"}
      onChange={(_, data) => props.onSelect(token.authorizationId, data.checked === true)}
    />
  );
}

function Owner(props: RowProps) {
  const styles = useStyles();
  const { owner } = props.token;
  return (
    <Button appearance="transparent" className={styles.owner} onClick={() => props.onShowUser(owner.username)}>
      {owner.displayName} ({owner.username})
    </Button>
  );
}

function StatusBadge(props: { token: AdminToken }) {
  const badge = STATUS_BADGES[props.token.status] ?? { label: props.token.status, color: "informative" as const };
  return (
    <Badge appearance="tint" color={badge.color}>
      {badge.label}
    </Badge>
  );
}

function Revoke(props: RowProps) {
  const { token } = props;
  if (token.status !== "active") return null;
  return (
    <Button aria-label={`Revoke ${token.displayName} of ${token.owner.username}`} onClick={() => props.onRevoke(token)}>
      Revoke
    </Button>
  );
}

function TokenTable(props: OrgTokenListProps) {
  const styles = useStyles();
  const selectable = props.tokens.filter((token) => token.status === "active");
  const allSelected = selectable.length > 0 && selectable.every((token) => props.selected.has(token.authorizationId));
  const someSelected = selectable.some((token) => props.selected.has(token.authorizationId));
  return (
    <table className={styles.table} aria-label="Tokens of the organization">
      <thead>
        <tr>
          <th className={styles.headCell}>
            <Checkbox
              aria-label="Select all active tokens on this page"
              checked={allSelected ? true : someSelected ? "mixed" : false}
              disabled={selectable.length === 0}
              onChange={(_, data) => props.onSelectAll(data.checked === true)}
            />
          </th>
          {["Token", "Owner", "Scopes", "Status", "Created", "Expires (UTC)", "Last used", "Actions"].map((title) => (
            <th key={title} className={styles.headCell}>
              {title}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.tokens.map((token) => (
          <tr key={token.authorizationId} className={styles.row}>
            <td className={styles.cell}>
              <Select {...props} token={token} />
            </td>
            <td className={`${styles.cell} ${styles.name}`}>
              {token.displayName}
              <span className={styles.hint}>{token.tokenHint}</span>
            </td>
            <td className={styles.cell}>
              <Owner {...props} token={token} />
            </td>
            <td className={styles.cell}>{scopeWords(token.scope).join(", ")}</td>
            <td className={styles.cell}>
              <StatusBadge token={token} />
            </td>
            <td className={styles.cell}>{shortDate(token.createdAt)}</td>
            <td className={styles.cell}>{shortDate(token.validTo)}</td>
            <td className={styles.cell}>{shortDate(token.lastUsedAt)}</td>
            <td className={styles.cell}>
              <Revoke {...props} token={token} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function TokenCards(props: OrgTokenListProps) {
  const styles = useStyles();
  return (
    <ul className={styles.cards} aria-label="Tokens of the organization">
      {props.tokens.map((token) => {
        const facts: [string, ReactNode][] = [
          ["Owner", <Owner key="owner" {...props} token={token} />],
          ["Scopes", scopeWords(token.scope).join(", ")],
          ["Status", <StatusBadge key="status" token={token} />],
          ["Created", shortDate(token.createdAt)],
          ["Expires (UTC)", shortDate(token.validTo)],
          ["Last used", shortDate(token.lastUsedAt)],
        ];
        return (
          <li key={token.authorizationId} className={styles.card}>
            <div className={styles.cardTop}>
              <Select {...props} token={token} />
              <p className={styles.cardName}>
                {token.displayName}
                <span className={styles.hint}>{token.tokenHint}</span>
              </p>
            </div>
            <dl className={styles.facts}>
              {facts.map(([term, value]) => (
                <Fragment key={term}>
                  <dt className={styles.term}>{term}</dt>
                  <dd className={styles.value}>{value}</dd>
                </Fragment>
              ))}
            </dl>
            <div>
              <Revoke {...props} token={token} />
            </div>
          </li>
        );
      })}
    </ul>
  );
}

/** The list of one page of tokens. */
export function OrgTokenList(props: OrgTokenListProps) {
  return useNarrow() ? <TokenCards {...props} /> : <TokenTable {...props} />;
}
