/**
 * The token list on wide screens: Token name, Organization, Scopes, Status, Created, Expires on
 * (UTC), Last used, actions. Sorting is by Token name, Status and Expires on, on the server.
 */
import {
  Caption1,
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  type TableHeaderCellProps,
  TableRow,
  tokens,
} from "@fluentui/react-components";
import type { SessionOrganization } from "../api/session.ts";
import type { PatToken, SortField } from "../api/tokens.ts";
import { formatDate, formatDateTime, targetName } from "./format.ts";
import { ScopeList } from "./ScopeList.tsx";
import { StatusBadge } from "./StatusBadge.tsx";
import { type TokenAction, TokenActions } from "./TokenActions.tsx";
import { TokenName } from "./TokenName.tsx";

const useStyles = makeStyles({
  table: { tableLayout: "fixed" },
  cell: { verticalAlign: "top", paddingTop: "8px", paddingBottom: "8px", overflowWrap: "anywhere" },
  hint: { display: "block", color: tokens.colorNeutralForeground3 },
});

export type { TokenAction };

export interface TokenTableProps {
  tokens: readonly PatToken[];
  organizations: readonly SessionOrganization[];
  sortBy: SortField;
  ascending: boolean;
  onSort: (field: SortField) => void;
  onAction: (action: TokenAction, token: PatToken) => void;
  /** Whether a token gets the "Expires soon" badge. */
  expiresSoon: (token: PatToken) => boolean;
}

/** Column widths in percent, in column order. */
const WIDTHS = [16, 9, 17, 10, 9, 10, 10, 19] as const;

/** The table of tokens. */
export function TokenTable(props: TokenTableProps) {
  const styles = useStyles();
  const width = (column: number) => ({ style: { width: `${WIDTHS[column]}%` } });
  const sortable = (field: SortField): TableHeaderCellProps => ({
    sortable: true,
    sortDirection: props.sortBy === field ? (props.ascending ? "ascending" : "descending") : undefined,
    onClick: () => props.onSort(field),
  });
  return (
    <Table aria-label="Personal access tokens" size="medium" className={styles.table}>
      <TableHeader>
        <TableRow>
          <TableHeaderCell {...sortable("displayName")} {...width(0)}>
            Token name
          </TableHeaderCell>
          <TableHeaderCell {...width(1)}>Organization</TableHeaderCell>
          <TableHeaderCell {...width(2)}>Scopes</TableHeaderCell>
          <TableHeaderCell {...sortable("status")} {...width(3)}>
            Status
          </TableHeaderCell>
          <TableHeaderCell {...width(4)}>Created</TableHeaderCell>
          <TableHeaderCell {...sortable("displayDate")} {...width(5)}>
            Expires on (UTC)
          </TableHeaderCell>
          <TableHeaderCell {...width(6)}>Last used</TableHeaderCell>
          <TableHeaderCell {...width(7)}>Actions</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {props.tokens.map((token) => (
          <TableRow key={token.authorizationId} data-token-id={token.authorizationId}>
            <TableCell className={styles.cell}>
              <TokenName token={token} />
            </TableCell>
            <TableCell className={styles.cell}>{targetName(token, props.organizations)}</TableCell>
            <TableCell className={styles.cell}>
              <ScopeList scope={token.scope} />
            </TableCell>
            <TableCell className={styles.cell}>
              <StatusBadge status={token.status} expiresSoon={props.expiresSoon(token)} />
            </TableCell>
            <TableCell className={styles.cell} title={`${formatDateTime(token.validFrom)} UTC`}>
              {formatDate(token.validFrom)}
            </TableCell>
            <TableCell className={styles.cell} title={`${formatDateTime(token.validTo)} UTC`}>
              {formatDate(token.validTo)}
            </TableCell>
            <TableCell className={styles.cell}>
              {token.lastUsedAt === null ? "Never" : formatDateTime(token.lastUsedAt)}
              {token.lastUsedIps[0] !== undefined && (
                <Caption1 className={styles.hint}>from {token.lastUsedIps[0]}</Caption1>
              )}
            </TableCell>
            <TableCell className={styles.cell}>
              <TokenActions token={token} onAction={props.onAction} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
