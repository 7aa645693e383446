/** The token list: Token name, Organization, Scopes, Status, Expires on (UTC), Last used, actions. */
import {
  Button,
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
  useRestoreFocusTarget,
} from "@fluentui/react-components";
import type { SessionOrganization } from "../api/session.ts";
import type { PatToken, SortField } from "../api/tokens.ts";
import { formatDate, formatDateTime, targetName } from "./format.ts";
import { StatusBadge } from "./StatusBadge.tsx";
import { describeScope } from "./scope-selection.ts";

const useStyles = makeStyles({
  hint: { display: "block", color: tokens.colorNeutralForeground3 },
  actions: { display: "flex", gap: "4px" },
});

export type TokenAction = "edit" | "regenerate" | "revoke";

export interface TokenTableProps {
  tokens: readonly PatToken[];
  organizations: readonly SessionOrganization[];
  sortBy: SortField;
  ascending: boolean;
  onSort: (field: SortField) => void;
  onAction: (action: TokenAction, token: PatToken) => void;
}

const MAX_SCOPES_SHOWN = 3;

function scopeSummary(scope: string): string {
  const words = describeScope(scope);
  const shown = words.slice(0, MAX_SCOPES_SHOWN).join(", ");
  return words.length > MAX_SCOPES_SHOWN ? `${shown} and ${words.length - MAX_SCOPES_SHOWN} more` : shown;
}

/** The table of tokens; sorting is by Token name, Status and Expires on, on the server. */
export function TokenTable(props: TokenTableProps) {
  const styles = useStyles();
  // Closing a dialog returns focus to the button that opened it (Fluent UI's focus restorer).
  const restoreFocusTarget = useRestoreFocusTarget();
  const width = (percent: number) => ({ style: { width: `${percent}%` } });
  const sortable = (field: SortField): TableHeaderCellProps => ({
    sortable: true,
    sortDirection: props.sortBy === field ? (props.ascending ? "ascending" : "descending") : undefined,
    onClick: () => props.onSort(field),
  });
  return (
    <Table aria-label="Personal access tokens" size="medium">
      <TableHeader>
        <TableRow>
          <TableHeaderCell {...sortable("displayName")} {...width(17)}>
            Token name
          </TableHeaderCell>
          <TableHeaderCell {...width(11)}>Organization</TableHeaderCell>
          <TableHeaderCell {...width(21)}>Scopes</TableHeaderCell>
          <TableHeaderCell {...sortable("status")} {...width(9)}>
            Status
          </TableHeaderCell>
          <TableHeaderCell {...sortable("displayDate")} {...width(11)}>
            Expires on (UTC)
          </TableHeaderCell>
          <TableHeaderCell {...width(12)}>Last used</TableHeaderCell>
          <TableHeaderCell {...width(19)}>Actions</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {props.tokens.map((token) => (
          <TableRow key={token.authorizationId}>
            <TableCell>
              {token.displayName}
              <Caption1 className={styles.hint}>{token.tokenHint}</Caption1>
            </TableCell>
            <TableCell>{targetName(token, props.organizations)}</TableCell>
            <TableCell title={describeScope(token.scope).join(", ")}>{scopeSummary(token.scope)}</TableCell>
            <TableCell>
              <StatusBadge status={token.status} />
            </TableCell>
            <TableCell title={`${formatDateTime(token.validTo)} UTC`}>{formatDate(token.validTo)}</TableCell>
            <TableCell>
              {token.lastUsedAt === null ? "Never" : formatDateTime(token.lastUsedAt)}
              {token.lastUsedIps[0] !== undefined && (
                <Caption1 className={styles.hint}>from {token.lastUsedIps[0]}</Caption1>
              )}
            </TableCell>
            <TableCell>
              {token.status === "active" && (
                <div className={styles.actions}>
                  <Button size="small" {...restoreFocusTarget} onClick={() => props.onAction("edit", token)}>
                    Edit
                  </Button>
                  <Button size="small" {...restoreFocusTarget} onClick={() => props.onAction("regenerate", token)}>
                    Regenerate
                  </Button>
                  <Button size="small" {...restoreFocusTarget} onClick={() => props.onAction("revoke", token)}>
                    Revoke
                  </Button>
                </div>
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
