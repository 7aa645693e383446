/**
 * The token list on narrow screens: one card per token, its facts stacked as a description
 * list and its actions wrapping under them, so nothing is wider than the phone and every
 * action is in reach without scrolling sideways.
 */
import { Caption1, makeStyles, tokens } from "@fluentui/react-components";
import type { SessionOrganization } from "../api/session.ts";
import type { PatToken } from "../api/tokens.ts";
import { formatDate, formatDateTime, targetName } from "./format.ts";
import { ScopeList } from "./ScopeList.tsx";
import { StatusBadge } from "./StatusBadge.tsx";
import { type TokenAction, TokenActions } from "./TokenActions.tsx";
import { TokenName } from "./TokenName.tsx";

const useStyles = makeStyles({
  list: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: "12px" },
  card: {
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    padding: "12px",
    minWidth: 0,
    overflowWrap: "anywhere",
  },
  facts: {
    display: "grid",
    gridTemplateColumns: "minmax(88px, auto) minmax(0, 1fr)",
    columnGap: "12px",
    rowGap: "6px",
    margin: "10px 0",
  },
  term: { color: tokens.colorNeutralForeground3 },
  detail: { margin: 0, minWidth: 0 },
  hint: { display: "block", color: tokens.colorNeutralForeground3 },
});

export interface TokenCardsProps {
  tokens: readonly PatToken[];
  organizations: readonly SessionOrganization[];
  onAction: (action: TokenAction, token: PatToken) => void;
  expiresSoon: (token: PatToken) => boolean;
}

/** The stacked cards. */
export function TokenCards(props: TokenCardsProps) {
  const styles = useStyles();
  return (
    <ul className={styles.list} aria-label="Personal access tokens">
      {props.tokens.map((token) => (
        <li key={token.authorizationId} className={styles.card} data-token-id={token.authorizationId}>
          <TokenName token={token} />
          <dl className={styles.facts}>
            <dt className={styles.term}>Organization</dt>
            <dd className={styles.detail}>{targetName(token, props.organizations)}</dd>
            <dt className={styles.term}>Scopes</dt>
            <dd className={styles.detail}>
              <ScopeList scope={token.scope} expanded />
            </dd>
            <dt className={styles.term}>Status</dt>
            <dd className={styles.detail}>
              <StatusBadge status={token.status} expiresSoon={props.expiresSoon(token)} />
            </dd>
            <dt className={styles.term}>Created</dt>
            <dd className={styles.detail}>{formatDate(token.validFrom)}</dd>
            <dt className={styles.term}>Expires (UTC)</dt>
            <dd className={styles.detail}>{formatDate(token.validTo)}</dd>
            <dt className={styles.term}>Last used</dt>
            <dd className={styles.detail}>
              {token.lastUsedAt === null ? "Never" : formatDateTime(token.lastUsedAt)}
              {token.lastUsedIps[0] !== undefined && (
                <Caption1 className={styles.hint}>from {token.lastUsedIps[0]}</Caption1>
              )}
            </dd>
          </dl>
          <TokenActions token={token} onAction={props.onAction} />
        </li>
      ))}
    </ul>
  );
}
