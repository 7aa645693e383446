/**
 * "Sign in with a passkey" on the sign-in page: usernameless, the browser offers the passkeys it
 * holds for Patina. Shown only when the browser can do WebAuthn and the server offers it.
 */
import { Button, makeStyles } from "@fluentui/react-components";
import { browserSupportsWebAuthn, startAuthentication, WebAuthnError } from "@simplewebauthn/browser";
import { useEffect, useState } from "react";
import { ApiError, messageOf } from "../api/http.ts";
import { passkeySignInAvailable, signInOptions, signInWithPasskey } from "../api/passkeys.ts";
import type { Session } from "../api/session.ts";
import { FormError } from "./FormError.tsx";

const useStyles = makeStyles({ area: { display: "flex", flexDirection: "column", gap: "12px", marginTop: "16px" } });

/** Words for a passkey sign-in that did not happen. */
export function passkeyErrorMessage(error: unknown): string {
  if (error instanceof ApiError && error.status === 401) {
    return "This passkey could not be used to sign in. It may have been removed from your account.";
  }
  if (error instanceof WebAuthnError || (error instanceof Error && error.name === "NotAllowedError")) {
    return "No passkey was used: the request was cancelled or timed out.";
  }
  return messageOf(error);
}

/** The button, or nothing where passkeys cannot work. */
export function PasskeySignInButton(props: { onSignedIn: (session: Session) => void }) {
  const styles = useStyles();
  const [available, setAvailable] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!browserSupportsWebAuthn()) return;
    // Only an offer; if the check fails the password form still works.
    passkeySignInAvailable().then(setAvailable, () => undefined);
  }, []);

  async function signIn() {
    setBusy(true);
    setError(null);
    try {
      const response = await startAuthentication({ optionsJSON: await signInOptions() });
      props.onSignedIn(await signInWithPasskey(response));
    } catch (failure) {
      setError(passkeyErrorMessage(failure));
      setBusy(false);
    }
  }

  if (!available) return null;
  return (
    <div className={styles.area}>
      <FormError message={error} />
      <Button onClick={signIn} disabled={busy}>
        Sign in with a passkey
      </Button>
    </div>
  );
}
