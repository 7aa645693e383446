/** A user as an Azure DevOps `Profile`. Pure. */
import type { UserRow } from "../users/user.repository.js";

/** Patina keeps no profile history, so every profile and attribute is at its first revision. */
const PROFILE_REVISION = 1;

/** One of a profile's core attributes (Azure DevOps `CoreProfileAttribute`). */
export interface CoreProfileAttribute {
  descriptor: { attributeName: string; containerName: "Core" };
  value: string;
  timeStamp: string;
  revision: number;
}

/** Azure DevOps' `Profile`: the public fields, and the core attributes when details are asked for. */
export interface Profile {
  displayName: string;
  publicAlias: string;
  emailAddress: string;
  coreRevision: number;
  timeStamp: string;
  id: string;
  revision: number;
  coreAttributes?: Record<"DisplayName" | "EmailAddress" | "PublicAlias", CoreProfileAttribute>;
}

/** The profile of a user; `details` adds coreAttributes, which the typed clients read. */
export function toProfile(user: UserRow, details: boolean): Profile {
  // Users have no change time of their own yet, so the creation time is the last change.
  const timeStamp = user.createdAt;
  const attribute = (attributeName: string, value: string): CoreProfileAttribute => ({
    descriptor: { attributeName, containerName: "Core" },
    value,
    timeStamp,
    revision: PROFILE_REVISION,
  });
  return {
    displayName: user.displayName,
    publicAlias: user.id,
    emailAddress: user.email,
    coreRevision: PROFILE_REVISION,
    timeStamp,
    id: user.id,
    revision: PROFILE_REVISION,
    ...(details
      ? {
          coreAttributes: {
            DisplayName: attribute("DisplayName", user.displayName),
            EmailAddress: attribute("EmailAddress", user.email),
            PublicAlias: attribute("PublicAlias", user.id),
          },
        }
      : {}),
  };
}
