/**
 * Keeps the keyboard focus on the page, never on <body>. Fluent UI's focus manager (tabster)
 * gives its root two hidden focus guards (from the start: components/focus-guards.ts), and
 * makes them tabbable whenever nothing on the page has focus, so that Tab from <body> enters
 * the app (by design, microsoft/tabster#288). axe-core rightly reports such guards as
 * `aria-hidden-focus`, and a keyboard user whose focus fell to <body> starts again from the
 * top. So: on arrival at a page, and whenever focus is lost (its element removed, a click on
 * blank space), the page's heading takes it. A page that knows a better place (the next row
 * after a revoke) says so with focusWhenSettled, and the keeper waits for it; a closing
 * dialog's own focus restoration (tabster's Restorer, a 0 ms timer) also runs first.
 */
import { type RefObject, useEffect } from "react";

const OVERLAY = '[role="dialog"], [role="alertdialog"]';
/** Frames a page's focus move waits for a closing dialog to leave (its exit animation), ~2 s. */
const MAX_FRAMES = 120;
/** Attempts, 100 ms apart, to wait on arrival for a page that renders its heading after loading. */
const ARRIVAL_ATTEMPTS = 50;

/** Focus moves that pages have announced and not yet made. */
let pendingMoves = 0;
/** Set by the installed keeper: looks again, soon, whether focus is lost. */
let scheduleCheck: () => void = () => undefined;

function nothingFocused(): boolean {
  const active = document.activeElement;
  return active === null || active === document.body || !document.contains(active);
}

/** The page's main heading, made focusable (without entering the Tab order). */
function pageHeading(): HTMLElement | null {
  const heading = document.querySelector<HTMLElement>("main h1") ?? document.querySelector<HTMLElement>("h1");
  if (heading !== null && !heading.hasAttribute("tabindex")) heading.tabIndex = -1;
  return heading;
}

/** Focuses the heading if focus is lost and nobody else is about to; false when there is no heading yet. */
function focusHeadingIfLost(): boolean {
  if (!nothingFocused() || pendingMoves > 0 || document.querySelector(OVERLAY) !== null) return true;
  const heading = pageHeading();
  heading?.focus({ preventScroll: true });
  return heading !== null;
}

type FocusTarget = (() => HTMLElement | null) | RefObject<HTMLElement | null>;

/** Focuses `target` on arrival (the page's heading), unless something on the page has focus already. */
export function useFocusOnArrival(target: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    if (nothingFocused()) target.current?.focus();
  }, [target]);
}

/**
 * Once no dialog is open any more (their own focus restoration runs first), focuses `target`:
 * with "ifLost" only if focus was lost (the dialog's opener is gone), with "always" in any case,
 * for a page that removed the opener itself and chose where focus goes instead (tabster's
 * Restorer may otherwise have put it on some earlier element).
 */
export function focusWhenSettled(target: FocusTarget, when: "ifLost" | "always" = "ifLost"): void {
  pendingMoves += 1;
  let frames = 0;
  const attempt = () => {
    frames += 1;
    if (document.querySelector(OVERLAY) !== null && frames < MAX_FRAMES) {
      requestAnimationFrame(attempt);
      return;
    }
    pendingMoves -= 1;
    const element = typeof target === "function" ? target() : target.current;
    if (when === "always" || nothingFocused()) element?.focus();
    scheduleCheck();
  };
  requestAnimationFrame(attempt);
}

/** Installs the keeper for the whole app; `pageKey` changes on navigation (the path). */
export function useFocusKeeper(pageKey: string): void {
  useEffect(() => {
    void pageKey;
    let attempts = 0;
    let timer = window.setTimeout(function arrive() {
      attempts += 1;
      if (!focusHeadingIfLost() && attempts < ARRIVAL_ATTEMPTS) timer = window.setTimeout(arrive, 100);
    }, 0);
    return () => window.clearTimeout(timer);
  }, [pageKey]);

  useEffect(() => {
    let scheduled = false;
    let timer: number | undefined;
    const check = () => {
      scheduled = false;
      if (!nothingFocused() || pendingMoves > 0) return;
      // A dialog still open or closing: look again when it may have gone.
      if (document.querySelector(OVERLAY) !== null) {
        timer = window.setTimeout(schedule, 100);
        return;
      }
      void focusHeadingIfLost();
    };
    // Two frames: after React's commit and after a closing dialog's 0 ms focus restoration.
    function schedule() {
      if (scheduled || !nothingFocused()) return;
      scheduled = true;
      requestAnimationFrame(() => requestAnimationFrame(check));
    }
    scheduleCheck = schedule;
    // Focus is lost by a blur (a click on blank space), but also silently: Chromium fires no
    // focusout when the focused element is removed or disabled, hence the observer too.
    const observer = new MutationObserver(schedule);
    observer.observe(document.body, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ["disabled"],
    });
    document.addEventListener("focusout", schedule);
    return () => {
      scheduleCheck = () => undefined;
      observer.disconnect();
      document.removeEventListener("focusout", schedule);
      if (timer !== undefined) window.clearTimeout(timer);
    };
  }, []);
}
