/**
 * The confirmation before an administrator revokes tokens: what will be revoked in words, Cancel
 * first (it takes the focus, so Enter never revokes by accident) and the destructive button in the
 * danger colour. Escape cancels. A failure is shown in the dialog, which stays open.
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
import { type ReactNode, useState } from "react";
import { messageOf } from "../api/http.ts";
import { useDangerStyles } from "../components/danger-style.ts";
import { FormError } from "../components/FormError.tsx";

/** A question the page asks before a revocation. */
export interface Confirmation {
  title: string;
  body: ReactNode;
  confirmLabel: string;
  /**
   * Performs the action; resolves with the success message to show on the page, or null when
   * the page shows the outcome itself (a field error): the dialog closes either way.
   */
  run: () => Promise<string | null>;
}

/** The dialog for `confirmation` (closed when null). */
export function ConfirmRevocation(props: {
  confirmation: Confirmation | null;
  onDone: (message: string | null) => void;
  onCancel: () => void;
}) {
  const styles = useDangerStyles();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { confirmation } = props;

  async function confirm() {
    if (confirmation === null) return;
    setBusy(true);
    setError(null);
    try {
      const message = await confirmation.run();
      props.onDone(message);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog
      open={confirmation !== null}
      modalType="alert"
      onOpenChange={(_, data) => {
        if (!data.open && !busy) {
          setError(null);
          props.onCancel();
        }
      }}
    >
      <DialogSurface>
        {confirmation !== null && (
          <DialogBody>
            <DialogTitle>{confirmation.title}</DialogTitle>
            <DialogContent>
              {confirmation.body}
              <FormError message={error} />
            </DialogContent>
            <DialogActions>
              <Button
                disabled={busy}
                onClick={() => {
                  setError(null);
                  props.onCancel();
                }}
              >
                Cancel
              </Button>
              <Button className={styles.danger} disabled={busy} onClick={confirm}>
                {confirmation.confirmLabel}
              </Button>
            </DialogActions>
          </DialogBody>
        )}
      </DialogSurface>
    </Dialog>
  );
}
