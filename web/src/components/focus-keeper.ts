/**
 * Keeps the keyboard focus on the page, never on <body>. Fluent UI's focus manager (tabster)
 * gives its root two hidden focus guards once any dialog has been used, and makes them
 * tabbable whenever nothing on the page has focus, so that Tab from <body> enters the app
 * (by design, microsoft/tabster#288). axe-core rightly reports such guards as
 * `aria-hidden-focus`, and a keyboard user whose focus fell to <body> starts again from the
 * top. So: on arrival at a page, and whenever focus is lost (its element removed, a click on
 * blank space), the page's heading takes it. Pages that know a better place (the next row
 * after a revoke) move focus there first; this waits for them and for closing dialogs.
 */
import { useEffect } from "react";

const OVERLAY = '[role="dialog"], [role="alertdialog"]';
/** How long focus must stay lost, with no dialog open, before the heading takes it. */
const SETTLE_MS = 150;

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

/** Focuses the heading if focus is lost; false when there is no heading (yet). */
function focusHeadingIfLost(): boolean {
  if (!nothingFocused() || document.querySelector(OVERLAY) !== null) return true;
  const heading = pageHeading();
  heading?.focus({ preventScroll: true });
  return heading !== null;
}

/** Attempts, 100 ms apart, to wait on arrival for a page that renders its heading after loading (about 5 s). */
const ARRIVAL_ATTEMPTS = 50;

/** Installs the keeper for the whole app; `pageKey` changes on navigation (the path). */
export function useFocusKeeper(pageKey: string): void {
  // On arrival: once the page has rendered its heading (pages that load data render it at once).
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
    let timer: number | undefined;
    const check = () => {
      timer = undefined;
      if (!nothingFocused()) return;
      // A dialog still open or closing: its focus restoration runs first; look again later.
      if (document.querySelector(OVERLAY) !== null) {
        timer = window.setTimeout(check, SETTLE_MS);
        return;
      }
      void focusHeadingIfLost();
    };
    const schedule = () => {
      if (timer === undefined && nothingFocused()) timer = window.setTimeout(check, SETTLE_MS);
    };
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
      observer.disconnect();
      document.removeEventListener("focusout", schedule);
      if (timer !== undefined) window.clearTimeout(timer);
    };
  }, []);
}
