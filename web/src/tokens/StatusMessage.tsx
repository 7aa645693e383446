/**
 * The confirmation after a change (Saved, Regenerated, Revoked, Revoked all): a success message
 * bar in a polite live region, so screen readers say it too. The region is always there, as
 * live regions must exist before their content changes to be announced.
 */
import { Button, MessageBar, MessageBarActions, MessageBarBody, makeStyles } from "@fluentui/react-components";

const useStyles = makeStyles({ region: { margin: "8px 0" } });

/** Shows `message`, or nothing; Dismiss clears it. */
export function StatusMessage(props: { message: string | null; onDismiss: () => void }) {
  const styles = useStyles();
  return (
    <div role="status" aria-live="polite" className={styles.region}>
      {props.message !== null && (
        <MessageBar intent="success">
          <MessageBarBody>{props.message}</MessageBarBody>
          <MessageBarActions>
            <Button size="small" appearance="transparent" onClick={props.onDismiss}>
              Dismiss
            </Button>
          </MessageBarActions>
        </MessageBar>
      )}
    </div>
  );
}
