/** The sign-in page: Username, Password, Sign in; errors in words, throttling with its wait. */
import { Button, Field, Input, MessageBar, MessageBarBody, makeStyles } from "@fluentui/react-components";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { ApiError, messageOf } from "../api/http.ts";
import { isSetupRequired, type Session, signIn } from "../api/session.ts";
import { CenteredCard } from "../components/CenteredCard.tsx";
import { FormError } from "../components/FormError.tsx";

const useStyles = makeStyles({ form: { display: "flex", flexDirection: "column", gap: "16px", marginTop: "8px" } });

/** Words for a failed sign-in. */
export function signInErrorMessage(error: unknown): string {
  if (error instanceof ApiError && error.status === 401) return "The username or password is incorrect.";
  if (error instanceof ApiError && error.status === 429) {
    const seconds = error.retryAfterSeconds ?? 60;
    return `Too many attempts, try again in ${seconds} ${seconds === 1 ? "second" : "seconds"}.`;
  }
  return messageOf(error);
}

/** Signs in and hands the new session to the app. */
export function SignInPage(props: { onSignedIn: (session: Session) => void }) {
  const styles = useStyles();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [setupRequired, setSetupRequired] = useState(false);
  const usernameRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    usernameRef.current?.focus();
    // Only a hint for a fresh install; if the check fails the form still works.
    isSetupRequired().then(setSetupRequired, () => undefined);
  }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      props.onSignedIn(await signIn(username.trim(), password));
    } catch (failure) {
      setError(signInErrorMessage(failure));
      setPassword("");
      setBusy(false);
    }
  }

  return (
    <CenteredCard title="Sign in to Patina">
      {setupRequired && (
        <MessageBar intent="info">
          <MessageBarBody>
            Patina has no users yet. Open the setup link printed on the server's console to create the first
            administrator.
          </MessageBarBody>
        </MessageBar>
      )}
      <form className={styles.form} onSubmit={submit} noValidate>
        <Field label="Username" required>
          <Input ref={usernameRef} value={username} onChange={(_, d) => setUsername(d.value)} autoComplete="username" />
        </Field>
        <Field label="Password" required>
          <Input
            type="password"
            value={password}
            onChange={(_, d) => setPassword(d.value)}
            autoComplete="current-password"
          />
        </Field>
        <FormError message={error} />
        <Button type="submit" appearance="primary" disabled={busy || username.trim() === "" || password === ""}>
          Sign in
        </Button>
      </form>
    </CenteredCard>
  );
}
