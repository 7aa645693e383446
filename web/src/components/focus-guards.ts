/**
 * Starts Fluent UI's modal focus management (tabster's modalizer) with the app, before anything
 * on the page can take focus. The modalizer gives the page's root two hidden focus guards,
 * created tabbable and made untabbable by the root's next focusin. Created late — on the first
 * render of a dialog, such as the step-up dialog mounted with the signed-in app — they can appear
 * between a focusout and the focusin that follows (the sign-in form removed, the tokens page's
 * heading focused) and stay tabbable while the page has focus: aria-hidden yet focusable, which
 * axe-core reports, and a Tab stop at the edge of the page. Created first, every focus change
 * after them keeps them in step.
 */
import { useModalAttributes } from "@fluentui/react-components";

/** Renders nothing; mounted once at the top of the app. */
export function FocusGuardsFromTheStart(): null {
  useModalAttributes();
  return null;
}
