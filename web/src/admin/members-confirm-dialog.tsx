/**
 * A confirmation for an action that takes something away (remove a member, disable a user):
 * Cancel comes first, so it takes the dialog's first focus (Fluent focuses the first focusable
 * element) and Enter alone never does harm; the confirming button is red and says what it does.
 * A failure (the last administrator, say) is shown inside the dialog in words.
 */
import {
  Button,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  makeStyles,
  shorthands,
  tokens,
} from "@fluentui/react-components";
import { type ReactNode, useState } from "react";
import { messageOf } from "../api/http.ts";
import { FormError } from "../components/FormError.tsx";

const useStyles = makeStyles({
  // Fluent UI v9 has no danger button; these are its palette's red tokens (white on red 3 is 4.9:1).
  danger: {
    backgroundColor: tokens.colorPaletteRedBackground3,
    color: tokens.colorNeutralForegroundOnBrand,
    ...shorthands.borderColor(tokens.colorPaletteRedBorder2),
    ":hover": {
      backgroundColor: tokens.colorPaletteRedForeground1,
      color: tokens.colorNeutralForegroundOnBrand,
      ...shorthands.borderColor(tokens.colorPaletteRedBorder2),
    },
    ":hover:active": { backgroundColor: tokens.colorPaletteDarkRedBackground2, color: tokens.colorNeutralForeground1 },
  },
});

export interface DangerConfirmProps {
  title: string;
  children: ReactNode;
  /** The confirming button's name, e.g. "Remove member". */
  confirmLabel: string;
  /** False for an action that gives something back (enable a user): not red. Default true. */
  destructive?: boolean;
  /** Performs the action; a rejection keeps the dialog open with the reason. */
  onConfirm: () => Promise<void>;
  onCancel: () => void;
}

/** The dialog's surface; the caller owns the Dialog (modalType "alert"). */
export function DangerConfirm(props: DangerConfirmProps) {
  const styles = useStyles();
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
          <Button onClick={props.onCancel}>Cancel</Button>
          <Button
            appearance="primary"
            className={props.destructive === false ? undefined : styles.danger}
            disabled={busy}
            onClick={confirm}
          >
            {props.confirmLabel}
          </Button>
        </DialogActions>
      </DialogBody>
    </DialogSurface>
  );
}
