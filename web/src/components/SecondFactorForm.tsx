/**
 * The second step of signing in: a code from the authenticator app, or a recovery code. The
 * password step already happened; the server holds the pending sign-in (an HttpOnly cookie).
 */
import { Button, Field, Input, Link, makeStyles } from "@fluentui/react-components";
import { type FormEvent, useState } from "react";
import { ApiError, messageOf } from "../api/http.ts";
import { finishSignIn } from "../api/mfa.ts";
import type { Session } from "../api/session.ts";
import { FormError } from "./FormError.tsx";

const useStyles = makeStyles({ form: { display: "flex", flexDirection: "column", gap: "16px", marginTop: "8px" } });

export interface SecondFactorFormProps {
  methods: string[];
  onSignedIn: (session: Session) => void;
  /** The pending sign-in ended (expired, too many wrong codes): back to the password. */
  onRestart: () => void;
}

/** Asks for the second factor and hands the new session over. */
export function SecondFactorForm(props: SecondFactorFormProps) {
  const styles = useStyles();
  const [method, setMethod] = useState(props.methods.includes("totp") ? "totp" : "recovery");
  const [code, setCode] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      props.onSignedIn(await finishSignIn(method, code.trim()));
    } catch (failure) {
      setBusy(false);
      setCode("");
      if (failure instanceof ApiError && failure.status === 401 && /expired|ended/.test(failure.message)) {
        props.onRestart();
        return;
      }
      setError(failure instanceof ApiError && failure.status === 401 ? "The code is incorrect." : messageOf(failure));
    }
  }

  const label = method === "totp" ? "Code from your authenticator app" : "Recovery code";
  return (
    <form className={styles.form} onSubmit={submit} noValidate>
      <Field label={label} required>
        <Input
          value={code}
          onChange={(_, d) => setCode(d.value)}
          autoComplete="one-time-code"
          inputMode={method === "totp" ? "numeric" : "text"}
          autoFocus
        />
      </Field>
      <FormError message={error} />
      <Button type="submit" appearance="primary" disabled={busy || code.trim() === ""}>
        Verify
      </Button>
      {props.methods.includes("recovery") && props.methods.includes("totp") && (
        <Link as="button" type="button" onClick={() => setMethod(method === "totp" ? "recovery" : "totp")}>
          {method === "totp" ? "Use a recovery code instead" : "Use your authenticator app instead"}
        </Link>
      )}
    </form>
  );
}
