/** How policies read to administrators (REST and CLI): the allow list as user names, keys of the level only. */
import {
  keysOf,
  POLICY_KEYS,
  type PolicyKey,
  type PolicyLevel,
  type PolicyValues,
  USER_LIST_KEYS,
} from "../domain/policy-rules.js";

/** A level's values as shown: every key of the level, the allow list as user names. */
export type PolicyDisplay = Record<string, unknown>;

/** A policy level's answer to GET and PATCH. */
export interface PolicyView {
  readonly level: PolicyLevel;
  /** The organization's name; null for the instance. */
  readonly organization: string | null;
  /** Increments with every change (0: never set). */
  readonly revision: number;
  readonly updatedAt: string | null;
  readonly updatedBy: string | null;
  /** What this level itself sets (defaults where it sets nothing). */
  readonly values: PolicyDisplay;
  /** What applies here: the stricter of the instance's and the organization's, key by key. */
  readonly effective: PolicyDisplay;
}

/** The shown form of some keys of `values` (allow list ids → user names through `names`). */
export function displayOf(
  values: PolicyValues,
  keys: readonly PolicyKey[],
  names: ReadonlyMap<string, string>,
): PolicyDisplay {
  const shown: PolicyDisplay = {};
  for (const key of keys) {
    const value = values[key];
    shown[key] = (USER_LIST_KEYS as readonly string[]).includes(key)
      ? (value as readonly string[]).flatMap((id) => {
          const name = names.get(id);
          return name === undefined ? [] : [name];
        })
      : value;
  }
  return shown;
}

/** The keys of a level's effective values: the instance's own, or (in an organization) every key. */
export function effectiveKeys(level: PolicyLevel): PolicyKey[] {
  return level === "instance" ? keysOf("instance") : (Object.keys(POLICY_KEYS) as PolicyKey[]);
}
