/** The top bar: product name, where the user is, who is signed in, and Sign out. */
import { Body1Strong, Button, makeStyles, Text, tokens } from "@fluentui/react-components";
import type { SessionUser } from "../api/session.ts";

const useStyles = makeStyles({
  bar: {
    display: "flex",
    alignItems: "center",
    gap: "16px",
    padding: "10px 24px",
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  brand: { color: tokens.colorBrandForeground1, fontWeight: tokens.fontWeightSemibold, fontSize: "18px" },
  trail: { color: tokens.colorNeutralForeground3 },
  spacer: { flexGrow: 1 },
});

/** The header of signed-in pages. */
export function AppHeader(props: { user: SessionUser; section: string; onSignOut: () => void }) {
  const styles = useStyles();
  return (
    <header className={styles.bar}>
      <span className={styles.brand}>Patina</span>
      <Text className={styles.trail}>User settings / {props.section}</Text>
      <span className={styles.spacer} />
      <Body1Strong>{props.user.displayName || props.user.username}</Body1Strong>
      <Button appearance="subtle" onClick={props.onSignOut}>
        Sign out
      </Button>
    </header>
  );
}
