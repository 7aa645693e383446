/** The organization's members: name, email, role (changed in place), added, Remove. */
import {
  Badge,
  Button,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  useRestoreFocusTarget,
} from "@fluentui/react-components";
import { MEMBER_ROLES, type Member, type MemberRole } from "../api/members.ts";
import { formatDate } from "../tokens/format.ts";
import { useDirectoryTableStyles } from "./members-table-styles.ts";

export interface MembersTableProps {
  members: readonly Member[];
  /** The signed-in user's id, marked "you" in the list. */
  selfId: string;
  /** The member whose role change is under way (their Select is disabled meanwhile). */
  busyUserId: string | null;
  onRoleChange: (member: Member, role: MemberRole) => void;
  onRemove: (member: Member) => void;
}

/** The members table. */
export function MembersTable(props: MembersTableProps) {
  const styles = useDirectoryTableStyles();
  // Closing the Remove dialog with Cancel returns focus to the button that opened it.
  const restoreFocusTarget = useRestoreFocusTarget();
  return (
    <Table aria-label="Members" className={styles.table}>
      <TableHeader className={styles.head}>
        <TableRow>
          <TableHeaderCell>Name</TableHeaderCell>
          <TableHeaderCell>Email</TableHeaderCell>
          <TableHeaderCell>Role</TableHeaderCell>
          <TableHeaderCell>Added (UTC)</TableHeaderCell>
          <TableHeaderCell>Actions</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {props.members.map((member) => (
          <TableRow key={member.userId} className={styles.row}>
            <TableCell className={styles.cell}>
              {member.displayName || member.username}
              {member.userId === props.selfId && " (you)"}{" "}
              {member.isDisabled && (
                <Badge appearance="outline" color="danger">
                  Disabled
                </Badge>
              )}
              <span className={styles.secondary}>{member.username}</span>
            </TableCell>
            <TableCell className={styles.cell}>
              <span className={styles.cellLabel}>Email</span>
              {member.email}
            </TableCell>
            <TableCell className={styles.cell}>
              <span className={styles.cellLabel}>Role</span>
              <Select
                aria-label={`Role of ${member.username}`}
                value={member.role}
                disabled={props.busyUserId === member.userId}
                onChange={(_, data) => props.onRoleChange(member, data.value as MemberRole)}
              >
                {MEMBER_ROLES.map((role) => (
                  <option key={role.value} value={role.value}>
                    {role.label}
                  </option>
                ))}
              </Select>
            </TableCell>
            <TableCell className={styles.cell}>
              <span className={styles.cellLabel}>Added (UTC)</span>
              {formatDate(member.addedAt)}
            </TableCell>
            <TableCell className={styles.cell}>
              <Button
                {...restoreFocusTarget}
                aria-label={`Remove ${member.username}`}
                onClick={() => props.onRemove(member)}
              >
                Remove
              </Button>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
