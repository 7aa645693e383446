/**
 * Keeping focus on the settings pages. Focus must not stay on <body>: a keyboard user would
 * start again from the top, and Fluent's focus manager (tabster) makes its hidden focus guards
 * tabbable while nothing has focus, which axe-core reports (aria-hidden-focus). So a page
 * focuses its heading on arrival, and after a dialog whose opener is gone (a removed row),
 * focus goes to a chosen element once the dialog has left.
 */
import { type RefObject, useEffect } from "react";

const OVERLAY = '[role="dialog"], [role="alertdialog"]';
/** Frames to wait for a closing dialog to leave (its exit animation), about two seconds. */
const MAX_FRAMES = 120;

function nothingFocused(): boolean {
  const active = document.activeElement;
  return active === null || active === document.body || !document.contains(active);
}

/** Focuses `ref` (the page's heading, tabIndex -1) on arrival, unless something has focus already. */
export function useFocusOnArrival(ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    if (nothingFocused()) ref.current?.focus();
  }, [ref]);
}

/**
 * Once no dialog is open any more (its own focus restoration ran first), focuses what `find`
 * returns if focus was lost.
 */
export function focusWhenSettled(find: () => HTMLElement | null): void {
  let frames = 0;
  const attempt = () => {
    frames += 1;
    if (document.querySelector(OVERLAY) !== null && frames < MAX_FRAMES) {
      requestAnimationFrame(attempt);
      return;
    }
    if (nothingFocused()) find()?.focus();
  };
  requestAnimationFrame(attempt);
}
