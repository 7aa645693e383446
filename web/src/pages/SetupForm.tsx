/** The setup form: the first administrator's account and the first organization's name. */
import { Button, Field, Input, makeStyles } from "@fluentui/react-components";
import { type FormEvent, useState } from "react";
import { ApiError, messageOf } from "../api/http.ts";
import { completeSetup, type Session } from "../api/session.ts";
import { FormError } from "../components/FormError.tsx";

const useStyles = makeStyles({ form: { display: "flex", flexDirection: "column", gap: "14px" } });

const FIELDS = [
  { key: "username", label: "Username", type: "text", autoComplete: "username", required: true },
  { key: "displayName", label: "Display name", type: "text", autoComplete: "name", required: false },
  { key: "email", label: "Email", type: "email", autoComplete: "email", required: true },
  { key: "password", label: "Password", type: "password", autoComplete: "new-password", required: true },
  { key: "confirm", label: "Confirm password", type: "password", autoComplete: "new-password", required: true },
  { key: "organization", label: "Organization name", type: "text", autoComplete: "organization", required: true },
] as const;

type FieldKey = (typeof FIELDS)[number]["key"];

function setupErrorMessage(error: unknown): string {
  if (error instanceof ApiError && error.status === 403) {
    return "The setup code is not valid. This page refuses to continue; open the complete setup link printed on the server's console.";
  }
  if (error instanceof ApiError && error.status === 409) return "Patina is already set up. Sign in instead.";
  return messageOf(error);
}

/** Submits the setup; on success the new administrator is signed in. */
export function SetupForm(props: { code: string; onDone: (session: Session) => void }) {
  const styles = useStyles();
  const [values, setValues] = useState<Record<FieldKey, string>>({
    username: "",
    displayName: "",
    email: "",
    password: "",
    confirm: "",
    organization: "",
  });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const mismatch = values.confirm !== "" && values.confirm !== values.password;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (mismatch) return;
    setBusy(true);
    setError(null);
    try {
      const { confirm: _confirm, displayName, ...rest } = values;
      const trimmedName = displayName.trim();
      props.onDone(
        await completeSetup({
          ...rest,
          code: props.code,
          username: rest.username.trim(),
          email: rest.email.trim(),
          organization: rest.organization.trim(),
          ...(trimmedName === "" ? {} : { displayName: trimmedName }),
        }),
      );
    } catch (failure) {
      setError(setupErrorMessage(failure));
      setBusy(false);
    }
  }

  const incomplete = FIELDS.some((field) => field.required && values[field.key].trim() === "");
  return (
    <form className={styles.form} onSubmit={submit} noValidate>
      {FIELDS.map((field) => (
        <Field
          key={field.key}
          label={field.label}
          required={field.required}
          validationMessage={field.key === "confirm" && mismatch ? "The passwords do not match." : undefined}
        >
          <Input
            type={field.type}
            autoComplete={field.autoComplete}
            value={values[field.key]}
            onChange={(_, data) => setValues((current) => ({ ...current, [field.key]: data.value }))}
          />
        </Field>
      ))}
      <FormError message={error} />
      <Button type="submit" appearance="primary" disabled={busy || incomplete || mismatch}>
        Complete setup
      </Button>
    </form>
  );
}
