/**
 * "Revoke all": one confirmation before every token of the user stops working. Cancel has the
 * initial focus and the destructive button is styled as such, so Enter does not revoke by habit.
 */
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
} from "@fluentui/react-components";
import { useEffect, useRef, useState } from "react";
import { messageOf } from "../api/http.ts";
import { useDangerStyles } from "../components/danger-style.ts";
import { FormError } from "../components/FormError.tsx";

export interface RevokeAllDialogProps {
  open: boolean;
  /** How many active tokens the list counted, for the question's wording. */
  activeCount: number | null;
  /** Revokes; resolves when done (the page then closes the dialog). */
  onConfirm: () => Promise<void>;
  onClose: () => void;
}

/** The dialog; the page owns `open`, so it can close with its animation. */
export function RevokeAllDialog(props: RevokeAllDialogProps) {
  const styles = useDangerStyles();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  // Fluent focuses the first button (Revoke all) when the dialog opens; this effect runs after
  // the Dialog's own (a parent's effects follow its children's) and moves focus to Cancel.
  useEffect(() => {
    if (props.open) cancel.current?.focus();
  }, [props.open]);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await props.onConfirm();
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };
  const which =
    props.activeCount === null
      ? "every one of your tokens"
      : props.activeCount === 1
        ? "your 1 active token"
        : `all ${props.activeCount} of your active tokens`;
  return (
    <Dialog
      open={props.open}
      modalType="alert"
      onOpenChange={(_, data) => {
        if (!data.open) props.onClose();
      }}
    >
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Revoke all your tokens?</DialogTitle>
          <DialogContent>
            <p>
              This revokes {which}, in every organization. They stop working at once, everywhere: scripts, git remotes
              and services that use them will be refused. This cannot be undone.
            </p>
            <FormError message={error} />
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" className={styles.danger} disabled={busy} onClick={() => void confirm()}>
              Revoke all
            </Button>
            <Button ref={cancel} onClick={props.onClose}>
              Cancel
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
