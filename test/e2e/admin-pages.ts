/** Page helpers for the administrators' settings pages (Policies, Personal access tokens), named as a user reads them. */
import type { Locator, Page } from "playwright-core";

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
