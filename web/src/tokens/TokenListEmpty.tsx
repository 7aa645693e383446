/** What the list shows when it has no token: for Active, a call to create the first one. */
import { Body1, Button, makeStyles, Subtitle2, tokens, useRestoreFocusTarget } from "@fluentui/react-components";
import type { StatusFilter } from "../api/tokens.ts";

const useStyles = makeStyles({
  box: {
    border: `1px dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusLarge,
    padding: "32px",
    display: "flex",
    flexDirection: "column",
    alignItems: "flex-start",
    gap: "12px",
    maxWidth: "640px",
  },
});

const NONE: Readonly<Record<StatusFilter, string>> = {
  active: "You have no active personal access tokens.",
  expired: "You have no expired personal access tokens.",
  revoked: "You have no revoked personal access tokens.",
  all: "You have no personal access tokens.",
};

/** The empty state of the token list; `searched` when a search found nothing. */
export function TokenListEmpty(props: { filter: StatusFilter; searched: boolean; onCreate: () => void }) {
  const styles = useStyles();
  const restoreFocusTarget = useRestoreFocusTarget();
  const invite = !props.searched && (props.filter === "active" || props.filter === "all");
  return (
    <section className={styles.box} aria-label="No tokens">
      <Subtitle2 as="h2">{props.searched ? "No token name matches your search." : NONE[props.filter]}</Subtitle2>
      {invite && (
        <>
          <Body1>Create a token to use with git, curl or any client that asks for a password.</Body1>
          <Button appearance="primary" {...restoreFocusTarget} onClick={props.onCreate}>
            Create a token
          </Button>
        </>
      )}
    </section>
  );
}
