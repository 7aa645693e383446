/** A modal question with one confirming action (Revoke, Regenerate) and Cancel; Escape cancels. */
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
import { FormError } from "../components/FormError.tsx";

export interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  /** The confirming button's name, e.g. "Revoke". */
  confirmLabel: string;
  /** Performs the action; a rejection is shown in the dialog in words. */
  onConfirm: () => Promise<void>;
  onCancel: () => void;
}

/** The dialog's surface; the caller owns the Dialog, so that it can close with its animation. */
export function ConfirmDialog(props: ConfirmDialogProps) {
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

  return (
    <DialogSurface>
      <DialogBody>
        <DialogTitle>{props.title}</DialogTitle>
        <DialogContent>
          {props.children}
          <FormError message={error} />
        </DialogContent>
        <DialogActions>
          <Button appearance="primary" disabled={busy} onClick={confirm}>
            {props.confirmLabel}
          </Button>
          <Button onClick={props.onCancel}>Cancel</Button>
        </DialogActions>
      </DialogBody>
    </DialogSurface>
  );
}
