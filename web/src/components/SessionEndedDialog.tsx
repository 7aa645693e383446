/**
 * "Your session has ended": shown over the current page when a call is answered 401 (the session
 * expired, or was ended elsewhere), so that a half-filled form is not thrown away. Signing in
 * again as the same user closes it and the page carries on; another user gets a fresh page of
 * their own (App.tsx decides). It cannot be dismissed: the page behind it no longer works.
 */
import { Dialog, DialogBody, DialogContent, DialogSurface, DialogTitle } from "@fluentui/react-components";
import { useEffect, useRef } from "react";
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
  const lastFocus = useLastFocus(props.open);
  const wasOpen = useRef(props.open);
  useEffect(() => {
    const closed = wasOpen.current && !props.open;
    wasOpen.current = props.open;
    if (!closed) return;
    // Back into the page, where the user was: a panel under the dialog (itself a modal) stays
    // hidden from assistive technology until focus enters it again. The button pressed may
    // have been disabled meanwhile (busy), so fall back to the open panel's first field.
    const frame = requestAnimationFrame(() => {
      const target = lastFocus.current;
      if (target?.isConnected && !target.matches(":disabled")) target.focus();
      else document.querySelector<HTMLElement>('[role="dialog"] input, main h1')?.focus();
    });
    return () => cancelAnimationFrame(frame);
  }, [props.open, lastFocus]);
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

/** The element that last had focus outside this dialog while it was closed. */
function useLastFocus(open: boolean) {
  const last = useRef<HTMLElement | null>(null);
  useEffect(() => {
    if (open) return;
    const remember = (event: FocusEvent) => {
      if (event.target instanceof HTMLElement) last.current = event.target;
    };
    document.addEventListener("focusin", remember);
    return () => document.removeEventListener("focusin", remember);
  }, [open]);
  return last;
}
