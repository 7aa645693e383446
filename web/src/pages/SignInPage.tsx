/** The sign-in page: the sign-in form, and a hint on a fresh install that setup comes first. */
import { MessageBar, MessageBarBody } from "@fluentui/react-components";
import { useEffect, useState } from "react";
import { isSetupRequired, type Session } from "../api/session.ts";
import { CenteredCard } from "../components/CenteredCard.tsx";
import { PasskeySignInButton } from "../components/PasskeySignInButton.tsx";
import { SignInForm } from "../components/SignInForm.tsx";
import { SsoSignIn } from "../components/SsoSignIn.tsx";
import { usePageTitle } from "../router.ts";

/** Signs in and hands the new session to the app. */
export function SignInPage(props: { onSignedIn: (session: Session) => void }) {
  usePageTitle("Sign in");
  const [setupRequired, setSetupRequired] = useState(false);

  useEffect(() => {
    // Only a hint for a fresh install; if the check fails the form still works.
    isSetupRequired().then(setSetupRequired, () => undefined);
  }, []);

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
      <SsoSignIn />
      <SignInForm onSignedIn={props.onSignedIn} />
      <PasskeySignInButton onSignedIn={props.onSignedIn} />
    </CenteredCard>
  );
}
