/** A token's status in words, with a colour that only repeats what the word says. */
import { Badge, makeStyles } from "@fluentui/react-components";
import type { TokenStatus } from "../api/tokens.ts";
import { STATUS_LABELS } from "./format.ts";

const COLORS = { active: "success", expired: "warning", revoked: "danger" } as const;

const useStyles = makeStyles({
  badges: { display: "inline-flex", flexWrap: "wrap", gap: "4px" },
});

/** The Status column's content; `expiresSoon` adds "Expires soon" to an active token. */
export function StatusBadge(props: { status: TokenStatus; expiresSoon?: boolean }) {
  const styles = useStyles();
  return (
    <span className={styles.badges}>
      <Badge appearance="tint" color={COLORS[props.status]}>
        {STATUS_LABELS[props.status]}
      </Badge>
      {props.expiresSoon === true && props.status === "active" && (
        <Badge appearance="filled" color="warning">
          Expires soon
        </Badge>
      )}
    </span>
  );
}
