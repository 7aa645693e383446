/** A token's status in words, with a colour that only repeats what the word says. */
import { Badge } from "@fluentui/react-components";
import type { TokenStatus } from "../api/tokens.ts";
import { STATUS_LABELS } from "./format.ts";

const COLORS = { active: "success", expired: "warning", revoked: "danger" } as const;

/** The Status column's content. */
export function StatusBadge(props: { status: TokenStatus }) {
  return (
    <Badge appearance="tint" color={COLORS[props.status]}>
      {STATUS_LABELS[props.status]}
    </Badge>
  );
}
