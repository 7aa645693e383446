/**
 * The look of the member and user tables: a table on a wide screen; on a phone each row becomes
 * a card whose cells stack, each with its column's name shown before the value (the header row
 * is hidden there), so nothing scrolls sideways and every action stays reachable.
 */
import { makeStyles, tokens } from "@fluentui/react-components";

const PHONE = "@media (max-width: 700px)";

export const useDirectoryTableStyles = makeStyles({
  table: {
    [PHONE]: { display: "block", "& tbody": { display: "block" } },
  },
  head: { [PHONE]: { display: "none" } },
  row: {
    [PHONE]: {
      display: "block",
      border: `1px solid ${tokens.colorNeutralStroke2}`,
      borderRadius: tokens.borderRadiusMedium,
      padding: "8px 12px",
      marginBottom: "8px",
    },
  },
  cell: {
    overflowWrap: "anywhere",
    [PHONE]: { display: "block", height: "auto", padding: "4px 0" },
  },
  /** The column's name before a value, on a phone only. */
  cellLabel: {
    display: "none",
    [PHONE]: {
      display: "block",
      color: tokens.colorNeutralForeground2,
      fontSize: tokens.fontSizeBase200,
      fontWeight: tokens.fontWeightSemibold,
    },
  },
  secondary: { display: "block", color: tokens.colorNeutralForeground3 },
  actions: { display: "flex", flexWrap: "wrap", gap: "4px" },
});
