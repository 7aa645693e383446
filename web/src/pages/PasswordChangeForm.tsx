/**
 * Current password, New password, Confirm new password. The server checks the current one
 * (a wrong one is a 403 and counts against the sign-in throttle) and the new one's length; the
 * form checks length and confirmation first, so those never cost a round trip.
 */
import { Button, Field, Input, MessageBar, MessageBarBody, makeStyles } from "@fluentui/react-components";
import { type FormEvent, useState } from "react";
import { ApiError, messageOf } from "../api/http.ts";
import { changePassword } from "../api/password.ts";
import { FormError } from "../components/FormError.tsx";
import { useSession } from "../session-context.tsx";

/** The server's rule (sessions/password-change.ts MIN_PASSWORD_LENGTH). */
const MIN_PASSWORD_LENGTH = 8;

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: "16px", marginTop: "12px", maxWidth: "400px" },
  submit: { alignSelf: "flex-start" },
});

type Errors = Partial<Record<"current" | "next" | "confirm" | "form", string>>;

/** Words for a refused change. */
function errorsOf(failure: unknown): Errors {
  if (failure instanceof ApiError && failure.status === 403) return { current: "The current password is incorrect." };
  if (failure instanceof ApiError && failure.status === 429) {
    return { form: "Too many wrong passwords. Wait a few minutes, then try again." };
  }
  if (failure instanceof ApiError && failure.status === 400) return { next: failure.message };
  return { form: messageOf(failure) };
}

/** The password change form of the profile page. */
export function PasswordChangeForm() {
  const styles = useStyles();
  const { refresh } = useSession();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [confirm, setConfirm] = useState("");
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const [changed, setChanged] = useState(false);

  const edit = (set: (value: string) => void, field: keyof Errors) => (value: string) => {
    set(value);
    setChanged(false);
    setErrors(({ [field]: _gone, form: _form, ...rest }) => rest);
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: Errors = {};
    if (current === "") found.current = "Enter your current password.";
    if (next.length < MIN_PASSWORD_LENGTH) found.next = `A password has at least ${MIN_PASSWORD_LENGTH} characters.`;
    else if (confirm !== next) found.confirm = "The two new passwords are not the same.";
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      await changePassword(current, next);
      // The change ended every session and began a new one: its CSRF token is another.
      await refresh();
      setCurrent("");
      setNext("");
      setConfirm("");
      setChanged(true);
    } catch (failure) {
      setErrors(errorsOf(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className={styles.form} onSubmit={submit} noValidate>
      <Field label="Current password" required validationMessage={errors.current}>
        <Input
          type="password"
          autoComplete="current-password"
          value={current}
          onChange={(_, data) => edit(setCurrent, "current")(data.value)}
        />
      </Field>
      <Field
        label="New password"
        required
        hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
        validationMessage={errors.next}
      >
        <Input
          type="password"
          autoComplete="new-password"
          value={next}
          onChange={(_, data) => edit(setNext, "next")(data.value)}
        />
      </Field>
      <Field label="Confirm new password" required validationMessage={errors.confirm}>
        <Input
          type="password"
          autoComplete="new-password"
          value={confirm}
          onChange={(_, data) => edit(setConfirm, "confirm")(data.value)}
        />
      </Field>
      <FormError message={errors.form ?? null} />
      <div role="status">
        {changed && (
          <MessageBar intent="success">
            <MessageBarBody>Password changed. Your other sessions were signed out.</MessageBarBody>
          </MessageBar>
        )}
      </div>
      <Button type="submit" appearance="primary" className={styles.submit} disabled={busy}>
        Change password
      </Button>
    </form>
  );
}
