/**
 * The instance's accounts: name, email, status, created, and Disable or Enable. One's own
 * account cannot be disabled (the server refuses it too); the row says so next to the button.
 */
import {
  Badge,
  Button,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  useRestoreFocusTarget,
} from "@fluentui/react-components";
import type { InstanceUser } from "../api/users.ts";
import { formatDate } from "../tokens/format.ts";
import { useDirectoryTableStyles } from "./members-table-styles.ts";

export interface UsersTableProps {
  users: readonly InstanceUser[];
  selfId: string;
  onToggle: (user: InstanceUser) => void;
}

/** The id of a row's Disable/Enable button, to return focus to it after the confirmation. */
export function toggleButtonId(user: InstanceUser): string {
  return `user-toggle-${user.id}`;
}

/** The id of the note under one's own row's disabled button. */
const SELF_NOTE_ID = "users-self-note";

/** The users table. */
export function UsersTable(props: UsersTableProps) {
  const styles = useDirectoryTableStyles();
  // Closing the confirmation returns focus to the button that opened it.
  const restoreFocusTarget = useRestoreFocusTarget();
  return (
    <Table aria-label="Users" className={styles.table}>
      <TableHeader className={styles.head}>
        <TableRow>
          <TableHeaderCell>Name</TableHeaderCell>
          <TableHeaderCell>Email</TableHeaderCell>
          <TableHeaderCell>Status</TableHeaderCell>
          <TableHeaderCell>Created (UTC)</TableHeaderCell>
          <TableHeaderCell>Actions</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {props.users.map((user) => {
          const self = user.id === props.selfId;
          return (
            <TableRow key={user.id} className={styles.row}>
              <TableCell className={styles.cell}>
                {user.displayName || user.username}
                {self && " (you)"}{" "}
                {user.isAdmin && (
                  <Badge appearance="tint" color="brand">
                    Instance administrator
                  </Badge>
                )}
                <span className={styles.secondary}>{user.username}</span>
              </TableCell>
              <TableCell className={styles.cell}>
                <span className={styles.cellLabel}>Email</span>
                {user.email}
              </TableCell>
              <TableCell className={styles.cell}>
                <span className={styles.cellLabel}>Status</span>
                <Badge appearance="outline" color={user.isDisabled ? "danger" : "success"}>
                  {user.isDisabled ? "Disabled" : "Active"}
                </Badge>
              </TableCell>
              <TableCell className={styles.cell}>
                <span className={styles.cellLabel}>Created (UTC)</span>
                {formatDate(user.createdAt)}
              </TableCell>
              <TableCell className={styles.cell}>
                <div className={styles.actions}>
                  <Button
                    {...restoreFocusTarget}
                    id={toggleButtonId(user)}
                    aria-label={`${user.isDisabled ? "Enable" : "Disable"} ${user.username}`}
                    disabledFocusable={self}
                    aria-describedby={self ? SELF_NOTE_ID : undefined}
                    onClick={() => props.onToggle(user)}
                  >
                    {user.isDisabled ? "Enable" : "Disable"}
                  </Button>
                  {self && (
                    <Text id={SELF_NOTE_ID} size={200}>
                      You cannot disable your own account.
                    </Text>
                  )}
                </div>
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
