/**
 * "Confirm it's you": shown when an action needs a recent sign-in (403 StepUpRequiredException).
 * Asks for the password, and a code when the user has a second factor; on success the action
 * that needed it is retried by the API layer (api/http.ts setStepUpHandler).
 */
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  makeStyles,
} from "@fluentui/react-components";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { messageOf, request, setStepUpHandler } from "../api/http.ts";
import { getMfaStatus } from "../api/mfa.ts";
import { FormError } from "./FormError.tsx";

const useStyles = makeStyles({ form: { display: "flex", flexDirection: "column", gap: "12px" } });

/** Mounted once in the signed-in app; registers itself as the step-up handler. */
export function StepUpDialog() {
  const styles = useStyles();
  const [open, setOpen] = useState(false);
  const [needsCode, setNeedsCode] = useState(false);
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [error, setError] = useState<string | null>(null);
  const settle = useRef<((ok: boolean) => void) | null>(null);

  useEffect(() => {
    setStepUpHandler(
      () =>
        new Promise<boolean>((resolve) => {
          settle.current = resolve;
          setError(null);
          setPassword("");
          setCode("");
          getMfaStatus().then(
            (status) => setNeedsCode(status.totpEnabled),
            () => setNeedsCode(false),
          );
          setOpen(true);
        }),
    );
    return () => setStepUpHandler(null);
  }, []);

  const finish = (ok: boolean) => {
    setOpen(false);
    settle.current?.(ok);
    settle.current = null;
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      const body = needsCode ? { password, method: "totp", code: code.trim() } : { password };
      await request("POST", "/_apis/patina/session/step-up", body);
      finish(true);
    } catch (failure) {
      setPassword("");
      setCode("");
      setError(messageOf(failure));
    }
  }

  return (
    <Dialog open={open} onOpenChange={(_, data) => !data.open && finish(false)} modalType="alert">
      <DialogSurface>
        <form onSubmit={submit} noValidate>
          <DialogBody>
            <DialogTitle>Confirm it's you</DialogTitle>
            <DialogContent className={styles.form}>
              This action needs a recent sign-in. Enter your password again to continue.
              <Field label="Password" required>
                <Input
                  type="password"
                  value={password}
                  onChange={(_, d) => setPassword(d.value)}
                  autoComplete="current-password"
                />
              </Field>
              {needsCode && (
                <Field label="Code from your authenticator app" required>
                  <Input value={code} onChange={(_, d) => setCode(d.value)} autoComplete="one-time-code" />
                </Field>
              )}
              <FormError message={error} />
            </DialogContent>
            <DialogActions>
              <Button type="button" onClick={() => finish(false)}>
                Cancel
              </Button>
              <Button
                type="submit"
                appearance="primary"
                disabled={password === "" || (needsCode && code.trim() === "")}
              >
                Confirm
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
