/**
 * "Your session has ended": shown over the current page when a call is answered 401 (the session
 * expired, or was ended elsewhere), so that a half-filled form is not thrown away. Signing in
 * again as the same user closes it and the page carries on; another user gets a fresh page of
 * their own (App.tsx decides). It cannot be dismissed: the page behind it no longer works.
 */
import { Dialog, DialogBody, DialogContent, DialogSurface, DialogTitle } from "@fluentui/react-components";
import type { Session } from "../api/session.ts";
import { SignInForm } from "./SignInForm.tsx";

export interface SessionEndedDialogProps {
  open: boolean;
  /** Who was signed in, to prefill Username. */
  username: string;
  onSignedIn: (session: Session) => void;
}

/** The sign-in dialog over a page whose session ended. */
export function SessionEndedDialog(props: SessionEndedDialogProps) {
  return (
    // Escape and clicks outside are ignored (onOpenChange does nothing): there is no page to go back to.
    <Dialog open={props.open} modalType="alert" onOpenChange={() => undefined}>
      <DialogSurface aria-describedby="session-ended-explanation">
        <DialogBody>
          <DialogTitle>Your session has ended</DialogTitle>
          <DialogContent>
            <p id="session-ended-explanation">
              You were signed out, perhaps after a while without activity. Sign in again to carry on where you left off:
              what you entered on this page is kept.
            </p>
            {props.open && <SignInForm username={props.username} onSignedIn={props.onSignedIn} />}
          </DialogContent>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
