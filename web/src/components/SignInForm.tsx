/**
 * Username, Password, Sign in: the form of the sign-in page and of the "Your session has ended"
 * dialog. Errors in words (wrong password, throttling with its wait); the password is cleared
 * after a failure, never kept.
 */
import { Button, Field, Input, makeStyles } from "@fluentui/react-components";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { ApiError, messageOf } from "../api/http.ts";
import { type Session, signIn } from "../api/session.ts";
import { FormError } from "./FormError.tsx";
import { SecondFactorForm } from "./SecondFactorForm.tsx";

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

export interface SignInFormProps {
  /** Prefills Username (signing in again after a session ended); focus then starts on Password. */
  username?: string;
  onSignedIn: (session: Session) => void;
}

/** Signs in and hands the new session over. */
export function SignInForm(props: SignInFormProps) {
  const styles = useStyles();
  const [username, setUsername] = useState(props.username ?? "");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [methods, setMethods] = useState<string[] | null>(null);
  const usernameRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const prefilled = props.username !== undefined && props.username !== "";

  useEffect(() => {
    // A frame later: a dialog around the form focuses its first field after this effect runs.
    const frame = requestAnimationFrame(() => (prefilled ? passwordRef : usernameRef).current?.focus());
    return () => cancelAnimationFrame(frame);
  }, [prefilled]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const answer = await signIn(username.trim(), password);
      if ("secondFactorRequired" in answer) {
        setMethods(answer.methods);
        setPassword("");
        setBusy(false);
        return;
      }
      props.onSignedIn(answer);
    } catch (failure) {
      setError(signInErrorMessage(failure));
      setPassword("");
      setBusy(false);
    }
  }

  if (methods !== null) {
    const restart = () => {
      setMethods(null);
      setError("Your sign-in expired. Enter your password again.");
    };
    return <SecondFactorForm methods={methods} onSignedIn={props.onSignedIn} onRestart={restart} />;
  }

  return (
    <form className={styles.form} onSubmit={submit} noValidate>
      <Field label="Username" required>
        <Input ref={usernameRef} value={username} onChange={(_, d) => setUsername(d.value)} autoComplete="username" />
      </Field>
      <Field label="Password" required>
        <Input
          ref={passwordRef}
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
  );
}
