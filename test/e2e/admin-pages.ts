/** Page helpers for the administrators' settings pages (Policies, Personal access tokens), named as a user reads them. */
import type { Locator, Page } from "playwright-core";

/** True when `target` has the keyboard focus. */
export const hasFocus = (target: Locator) =>
  target.evaluate(
    (element: { ownerDocument: { activeElement: unknown } }) => element === element.ownerDocument.activeElement,
  );

/** Presses Tab until `target` has focus, as a keyboard user would; fails if it never does. */
export async function tabTo(page: Page, target: Locator, maxPresses = 80): Promise<void> {
  for (let press = 0; press < maxPresses; press++) {
    if (await hasFocus(target)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached ${target}`);
}

/** The text of the elements that describe a control (aria-describedby): its hint and its error next to it. */
export function descriptionOf(control: Locator): Promise<string> {
  return control.evaluate(
    (element: {
      getAttribute(name: string): string | null;
      ownerDocument: { getElementById(id: string): { textContent: string | null } | null };
    }) =>
      (element.getAttribute("aria-describedby") ?? "")
        .split(/\s+/)
        .map((id) => element.ownerDocument.getElementById(id)?.textContent ?? "")
        .join(" "),
  );
}

/** A policy's switch on the Policies page, by its title. */
export function policySwitch(page: Page, title: string): Locator {
  return page.getByRole("switch", { name: title, exact: true });
}

/** The lifespan field on the Policies page. */
export function lifespanField(page: Page): Locator {
  return page.getByRole("spinbutton", { name: "Maximum personal access token lifespan (days)" });
}

/** Waits until running CSS transitions and animations end (axe would otherwise measure colours mid-fade). */
export async function settled(page: Page): Promise<void> {
  await page.evaluate("Promise.all(document.getAnimations().map((animation) => animation.finished)).then(() => true)");
}
