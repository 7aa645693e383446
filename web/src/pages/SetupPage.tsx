/**
 * First-run setup: creates the first administrator and organization. It needs the one-time
 * code the server prints on its console; without it (or once setup is done) the page refuses.
 */
import { Link, Spinner } from "@fluentui/react-components";
import { useEffect, useState } from "react";
import { messageOf } from "../api/http.ts";
import { isSetupRequired, type Session } from "../api/session.ts";
import { CenteredCard } from "../components/CenteredCard.tsx";
import { FormError } from "../components/FormError.tsx";
import { SIGN_IN_PATH, usePageTitle } from "../router.ts";
import { SetupForm } from "./SetupForm.tsx";

type Status = "checking" | "required" | "done" | { failed: string };

/** The setup page for `/_setup?code=…`. */
export function SetupPage(props: { code: string | null; onDone: (session: Session) => void }) {
  usePageTitle("Set up");
  const [status, setStatus] = useState<Status>("checking");
  useEffect(() => {
    isSetupRequired().then(
      (required) => setStatus(required ? "required" : "done"),
      (error: unknown) => setStatus({ failed: messageOf(error) }),
    );
  }, []);

  if (status === "checking") return <Spinner label="Loading" style={{ marginTop: 96 }} />;
  if (status === "done") {
    return (
      <CenteredCard title="Patina is already set up">
        <p>
          The first administrator exists, so this page no longer does anything. <Link href={SIGN_IN_PATH}>Sign in</Link>{" "}
          instead.
        </p>
      </CenteredCard>
    );
  }
  if (typeof status === "object") {
    return (
      <CenteredCard title="Set up Patina">
        <FormError message={status.failed} />
      </CenteredCard>
    );
  }
  if (props.code === null || props.code.trim() === "") {
    return (
      <CenteredCard title="Set up Patina">
        <FormError message="This page refuses to set up Patina without the one-time setup code. Open the complete setup link printed on the server's console." />
      </CenteredCard>
    );
  }
  return (
    <CenteredCard title="Set up Patina">
      <p>Create the first administrator and the first organization.</p>
      <SetupForm code={props.code} onDone={props.onDone} />
    </CenteredCard>
  );
}
