/**
 * The Policies form's state: what the fields hold (text for numbers and dates, so a half-typed
 * value stays as typed), the PATCH body of what changed, and which field a server message is about.
 * The server validates every value; this file only shapes them.
 */
import type { PolicyChanges, PolicyKey, PolicyLevel, PolicyView } from "../api/policies.ts";
import { POLICY_DESCRIPTIONS } from "./policies-catalog.ts";

export type DraftValue = boolean | string | readonly string[];
export type PolicyDraft = Partial<Record<PolicyKey, DraftValue>>;

/** The keys a level sets, in the catalog's order. */
export function editableKeys(level: PolicyLevel): PolicyKey[] {
  return (Object.keys(POLICY_DESCRIPTIONS) as PolicyKey[]).filter((key) =>
    POLICY_DESCRIPTIONS[key].levels.includes(level),
  );
}

/** The fields' contents for a level's stored values. */
export function draftOf(view: PolicyView): PolicyDraft {
  const draft: PolicyDraft = {};
  for (const key of editableKeys(view.level)) {
    const value = view.values[key];
    switch (POLICY_DESCRIPTIONS[key].control) {
      case "switch":
        draft[key] = value === true;
        break;
      case "days":
        draft[key] = typeof value === "number" ? String(value) : "";
        break;
      case "date":
        draft[key] = typeof value === "string" ? value.slice(0, 10) : "";
        break;
      case "users":
        draft[key] = Array.isArray(value) ? (value as string[]) : [];
        break;
    }
  }
  return draft;
}

/** What a field's content sends: numbers as numbers (the server says what is out of range), empty as null. */
function wireValue(key: PolicyKey, value: DraftValue): unknown {
  const control = POLICY_DESCRIPTIONS[key].control;
  if (control === "days" && typeof value === "string") {
    const text = value.trim();
    if (text === "") return null;
    return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
  }
  if (control === "date" && typeof value === "string") return value === "" ? null : `${value}T00:00:00Z`;
  return value;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The PATCH body: only the keys whose field differs from what is stored. */
export function changesOf(view: PolicyView, draft: PolicyDraft): PolicyChanges {
  const stored = draftOf(view);
  const changes: PolicyChanges = {};
  for (const key of editableKeys(view.level)) {
    const value = draft[key];
    if (value !== undefined && !same(value, stored[key])) changes[key] = wireValue(key, value);
  }
  return changes;
}

/** The key a server message is about (its messages start with the key's name), if any. */
export function keyOfMessage(message: string, keys: readonly PolicyKey[]): PolicyKey | undefined {
  return keys.find((key) => message.startsWith(`${key} `) || message.startsWith(`${key}:`));
}
