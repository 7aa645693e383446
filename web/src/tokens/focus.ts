/**
 * Where focus goes when the element that had it is gone (the Revoke button of a row that left
 * the list). Focus must never drop to <body>: a keyboard user would start again from the top,
 * and Fluent's focus manager (tabster) makes its hidden focus guards tabbable while nothing on
 * the page has focus, which axe-core rightly reports (aria-hidden-focus).
 */

const OVERLAY = '[role="dialog"], [role="alertdialog"]';
/** Frames to wait for a closing dialog to leave (its exit animation), about two seconds. */
const MAX_FRAMES = 120;

/**
 * Focuses what `find` returns once no dialog is open any more (the dialog's own focus
 * restoration runs first and finds nothing to restore to), unless focus already went somewhere.
 */
export function focusWhenSettled(find: () => HTMLElement | null): void {
  let frames = 0;
  const attempt = () => {
    frames += 1;
    if (document.querySelector(OVERLAY) !== null && frames < MAX_FRAMES) {
      requestAnimationFrame(attempt);
      return;
    }
    const active = document.activeElement;
    if (active !== null && active !== document.body && document.contains(active)) return;
    find()?.focus();
  };
  requestAnimationFrame(attempt);
}
