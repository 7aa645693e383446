/** Renaming a passkey: one field, Save and Cancel. */
import {
  Button,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
} from "@fluentui/react-components";
import { type FormEvent, useState } from "react";
import { messageOf } from "../api/http.ts";
import { type Passkey, renamePasskey } from "../api/passkeys.ts";

/** The dialog's surface; the caller owns the Dialog. */
export function RenamePasskeyDialog(props: { passkey: Passkey; onRenamed: () => void; onCancel: () => void }) {
  const [name, setName] = useState(props.passkey.name);
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (name.trim() === "") {
      setError("Give the passkey a name.");
      return;
    }
    setBusy(true);
    try {
      await renamePasskey(props.passkey.id, name.trim());
      props.onRenamed();
    } catch (failure) {
      setError(messageOf(failure));
      setBusy(false);
    }
  }

  return (
    <DialogSurface>
      <form onSubmit={submit} noValidate>
        <DialogBody>
          <DialogTitle>Rename passkey</DialogTitle>
          <DialogContent>
            <Field label="Name" required validationMessage={error}>
              <Input value={name} maxLength={64} onChange={(_, d) => setName(d.value)} />
            </Field>
          </DialogContent>
          <DialogActions>
            <Button type="submit" appearance="primary" disabled={busy}>
              Save
            </Button>
            <Button onClick={props.onCancel}>Cancel</Button>
          </DialogActions>
        </DialogBody>
      </form>
    </DialogSurface>
  );
}
