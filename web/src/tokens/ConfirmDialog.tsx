/**
 * A modal question with one confirming action (Revoke, Regenerate) and Cancel; Escape cancels.
 * A destructive action is red and comes after Cancel, so the dialog's first focus (Fluent focuses
 * the first focusable element) is on Cancel and Enter alone never destroys anything.
 */
import {
  Button,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
} from "@fluentui/react-components";
import { type ReactNode, useState } from "react";
import { messageOf } from "../api/http.ts";
import { useDangerStyles } from "../components/danger-style.ts";
import { FormError } from "../components/FormError.tsx";

export interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  /** The confirming button's name, saying what it does: "Revoke token". */
  confirmLabel: string;
  /** True when the action cannot be undone: red, after Cancel, and Cancel has the first focus. */
  destructive?: boolean;
  /** Performs the action; a rejection is shown in the dialog in words. */
  onConfirm: () => Promise<void>;
  onCancel: () => void;
}

/** The dialog's surface; the caller owns the Dialog, so that it can close with its animation. */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const styles = useDangerStyles();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      await props.onConfirm();
    } catch (failure) {
      setError(messageOf(failure));
      setBusy(false);
    }
  }

  const confirmButton = (
    <Button
      appearance="primary"
      className={props.destructive ? styles.danger : undefined}
      disabled={busy}
      onClick={confirm}
    >
      {props.confirmLabel}
    </Button>
  );
  const cancelButton = <Button onClick={props.onCancel}>Cancel</Button>;
  return (
    <DialogSurface>
      <DialogBody>
        <DialogTitle>{props.title}</DialogTitle>
        <DialogContent>
          {props.children}
          <FormError message={error} />
        </DialogContent>
        <DialogActions>
          {props.destructive ? cancelButton : confirmButton}
          {props.destructive ? confirmButton : cancelButton}
        </DialogActions>
      </DialogBody>
    </DialogSurface>
  );
}
