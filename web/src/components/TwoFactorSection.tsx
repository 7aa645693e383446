/**
 * The profile page's "Two-factor authentication": set up an authenticator app (QR code and the
 * secret as text, shown once; in effect after a current code confirms it), see the recovery
 * codes once, and remove the app with the password.
 */
import { Body1, Button, Field, Input, makeStyles, Title3 } from "@fluentui/react-components";
import { type FormEvent, useEffect, useState } from "react";
import { messageOf } from "../api/http.ts";
import { beginTotp, confirmTotp, getMfaStatus, type MfaStatus, removeTotp, type TotpEnrolment } from "../api/mfa.ts";
import { FormError } from "./FormError.tsx";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: "12px", maxWidth: "420px", marginTop: "8px" },
  secret: { fontFamily: "monospace", wordBreak: "break-all" },
  codes: { fontFamily: "monospace", columns: 2 },
});

/** The two-factor section; `onChanged` lets the page reload the session (the policy restriction lifts). */
export function TwoFactorSection(props: { onChanged?: () => void }) {
  const styles = useStyles();
  const [status, setStatus] = useState<MfaStatus | null>(null);
  const [enrolment, setEnrolment] = useState<TotpEnrolment | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [code, setCode] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);

  const reload = () => getMfaStatus().then(setStatus, (failure) => setError(messageOf(failure)));
  useEffect(() => {
    getMfaStatus().then(setStatus, (failure) => setError(messageOf(failure)));
  }, []);

  async function start() {
    setError(null);
    try {
      setEnrolment(await beginTotp());
    } catch (failure) {
      setError(messageOf(failure));
    }
  }

  async function confirm(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      const confirmed = await confirmTotp(code.trim());
      setRecoveryCodes(confirmed.recoveryCodes);
      setEnrolment(null);
      setCode("");
      await reload();
      props.onChanged?.();
    } catch (failure) {
      setError(messageOf(failure));
    }
  }

  async function remove(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      await removeTotp(password);
      setPassword("");
      setRecoveryCodes(null);
      await reload();
    } catch (failure) {
      setPassword("");
      setError(messageOf(failure));
    }
  }

  return (
    <section aria-labelledby="profile-two-factor">
      <Title3 as="h2" id="profile-two-factor">
        Two-factor authentication
      </Title3>
      {status?.enrolmentRequired && (
        <Body1 as="p">A policy requires a second factor for your account. Set one up to continue.</Body1>
      )}
      {recoveryCodes !== null && (
        <div>
          <Body1 as="p">
            Recovery codes: each works once if you lose your authenticator app. Store them now; they are not shown
            again.
          </Body1>
          <ul className={styles.codes} aria-label="Recovery codes">
            {recoveryCodes.map((recoveryCode) => (
              <li key={recoveryCode}>{recoveryCode}</li>
            ))}
          </ul>
        </div>
      )}
      {status !== null && !status.totpEnabled && enrolment === null && (
        <div className={styles.form}>
          <Body1 as="p">Use an authenticator app for a code at each sign-in.</Body1>
          <Button onClick={start}>Set up an authenticator app</Button>
        </div>
      )}
      {enrolment !== null && (
        <form className={styles.form} onSubmit={confirm} noValidate>
          <Body1 as="p">Scan the QR code with your authenticator app, or enter the key by hand.</Body1>
          <img src={enrolment.qrCodeDataUrl} alt="QR code for your authenticator app" width={200} height={200} />
          <Body1 as="p">
            Key:{" "}
            <span className={styles.secret} data-testid="totp-secret">
              {enrolment.secret}
            </span>
          </Body1>
          <Field label="Code from the app" required>
            <Input
              value={code}
              onChange={(_, d) => setCode(d.value)}
              autoComplete="one-time-code"
              inputMode="numeric"
            />
          </Field>
          <Button type="submit" appearance="primary" disabled={code.trim() === ""}>
            Confirm
          </Button>
        </form>
      )}
      {status?.totpEnabled && (
        <form className={styles.form} onSubmit={remove} noValidate>
          <Body1 as="p">An authenticator app is set up. {status.recoveryCodesLeft} recovery codes left.</Body1>
          <Field label="Password (to remove it)" required>
            <Input
              type="password"
              value={password}
              onChange={(_, d) => setPassword(d.value)}
              autoComplete="current-password"
            />
          </Field>
          <Button type="submit" disabled={password === ""}>
            Remove authenticator app
          </Button>
        </form>
      )}
      <FormError message={error} />
    </section>
  );
}
