/**
 * Adding a passkey: a name and the current password (a stolen session alone must not be able to
 * add a way into the account), then the browser's own passkey prompt.
 */
import {
  Button,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  makeStyles,
} from "@fluentui/react-components";
import { startRegistration, WebAuthnError } from "@simplewebauthn/browser";
import { type FormEvent, useState } from "react";
import { ApiError, messageOf } from "../api/http.ts";
import { addPasskey, type Passkey, registrationOptions } from "../api/passkeys.ts";
import { FormError } from "../components/FormError.tsx";

const useStyles = makeStyles({ fields: { display: "flex", flexDirection: "column", gap: "16px" } });

type Errors = Partial<Record<"name" | "password" | "form", string>>;

function errorsOf(failure: unknown): Errors {
  if (failure instanceof ApiError && failure.status === 403) return { password: "The current password is incorrect." };
  if (failure instanceof ApiError && failure.status === 429) {
    return { form: "Too many wrong passwords. Wait a few minutes, then try again." };
  }
  if (failure instanceof WebAuthnError && failure.code === "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED") {
    return { form: "This authenticator already holds a passkey for your account." };
  }
  if (failure instanceof Error && failure.name === "NotAllowedError") {
    return { form: "No passkey was created: the request was cancelled or timed out." };
  }
  return { form: messageOf(failure) };
}

/** The dialog's surface; the caller owns the Dialog. */
export function AddPasskeyDialog(props: { onAdded: (passkey: Passkey) => void; onCancel: () => void }) {
  const styles = useStyles();
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: Errors = {};
    if (name.trim() === "") found.name = "Give the passkey a name, such as the device it is on.";
    if (password === "") found.password = "Enter your current password.";
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const options = await registrationOptions(password);
      setPassword("");
      const response = await startRegistration({ optionsJSON: options });
      props.onAdded(await addPasskey(name.trim(), response));
    } catch (failure) {
      setErrors(errorsOf(failure));
      setBusy(false);
    }
  }

  return (
    <DialogSurface>
      <form onSubmit={submit} noValidate>
        <DialogBody>
          <DialogTitle>Add a passkey</DialogTitle>
          <DialogContent className={styles.fields}>
            <p>Your browser or device will ask you to create the passkey, with your fingerprint, face or PIN.</p>
            <Field label="Name" required hint="Where the passkey is, e.g. Work laptop." validationMessage={errors.name}>
              <Input value={name} maxLength={64} onChange={(_, d) => setName(d.value)} />
            </Field>
            <Field label="Current password" required validationMessage={errors.password}>
              <Input
                type="password"
                autoComplete="current-password"
                value={password}
                onChange={(_, d) => setPassword(d.value)}
              />
            </Field>
            <FormError message={errors.form ?? null} />
          </DialogContent>
          <DialogActions>
            <Button type="submit" appearance="primary" disabled={busy}>
              Continue
            </Button>
            <Button onClick={props.onCancel}>Cancel</Button>
          </DialogActions>
        </DialogBody>
      </form>
    </DialogSurface>
  );
}
