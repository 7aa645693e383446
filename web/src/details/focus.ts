/**
 * Keeping focus on the page. Focus must not stay on <body>: a keyboard user would start again
 * from the top, and Fluent's focus manager (tabster) makes its hidden focus guards tabbable while
 * nothing has focus, which axe-core reports (aria-hidden-focus).
 */
import { type RefObject, useEffect } from "react";

const OVERLAY = '[role="dialog"], [role="alertdialog"]';
/** Frames to wait for a closing panel or dialog to leave (its exit animation), about two seconds. */
const MAX_FRAMES = 120;

function nothingFocused(): boolean {
  const active = document.activeElement;
  return active === null || active === document.body || !document.contains(active);
}

/** Focuses `ref` on arrival (the page's heading), unless something on the page has focus already. */
export function useFocusOnArrival(ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    if (nothingFocused()) ref.current?.focus();
  }, [ref]);
}

/**
 * Once no panel or dialog is open any more (their own focus restoration runs first), focuses
 * `ref` if focus was lost, e.g. because the button that opened the dialog is gone.
 */
export function focusWhenSettled(ref: RefObject<HTMLElement | null>): void {
  let frames = 0;
  const attempt = () => {
    frames += 1;
    if (document.querySelector(OVERLAY) !== null && frames < MAX_FRAMES) {
      requestAnimationFrame(attempt);
      return;
    }
    if (nothingFocused()) ref.current?.focus();
  };
  requestAnimationFrame(attempt);
}
