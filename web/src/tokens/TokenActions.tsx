/**
 * Edit, Regenerate and Revoke of an active token. Each button is a focus-restore target, so
 * closing its dialog returns focus to it; `data-token-action` lets the page find the next row's
 * button when a revoked row leaves the list.
 */
import { Button, makeStyles, useRestoreFocusTarget } from "@fluentui/react-components";
import type { PatToken } from "../api/tokens.ts";

export type TokenAction = "edit" | "regenerate" | "revoke";

const useStyles = makeStyles({
  actions: { display: "flex", flexWrap: "wrap", gap: "4px" },
  // Fluent's 64 px minimum makes three buttons wrap in the table's column; their words suffice.
  button: { minWidth: "auto" },
});

const LABELS: Readonly<Record<TokenAction, string>> = { edit: "Edit", regenerate: "Regenerate", revoke: "Revoke" };

/** The action buttons; nothing for an expired or revoked token, which cannot change. */
export function TokenActions(props: { token: PatToken; onAction: (action: TokenAction, token: PatToken) => void }) {
  const styles = useStyles();
  const restoreFocusTarget = useRestoreFocusTarget();
  if (props.token.status !== "active") return null;
  return (
    <div className={styles.actions}>
      {(Object.keys(LABELS) as TokenAction[]).map((action) => (
        <Button
          key={action}
          size="small"
          className={styles.button}
          data-token-action={action}
          {...restoreFocusTarget}
          onClick={() => props.onAction(action, props.token)}
        >
          {LABELS[action]}
        </Button>
      ))}
    </div>
  );
}
