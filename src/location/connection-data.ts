/**
 * The body of `GET /_apis/connectionData`: who the caller is and where this host's services
 * are. `WebApi.connect()` of the official client returns it as is; tools read
 * `authenticatedUser.id` and `providerDisplayName` to learn whose token they hold, and
 * location-caching clients read `locationServiceData`. Pure.
 */
import type { TokenOwner } from "../auth/verified-token.js";
import { LOCATION_CHANGE_ID } from "./resource-locations.js";

/** The service owner Azure DevOps reports for its collection-level (TFS) services; reused so it means what clients expect. */
export const TFS_SERVICE_OWNER = "00025394-6065-48ca-87d9-7f5672854ef7";

const PUBLIC_ACCESS_MAPPING = "PublicAccessMapping";

/** An Azure DevOps `Identity` as connectionData carries it. */
export interface ConnectionIdentity {
  id: string;
  descriptor: string;
  subjectDescriptor: string;
  providerDisplayName: string;
  isActive: boolean;
  properties: { Account: { $type: "System.String"; $value: string } };
  resourceVersion: number;
  metaTypeId: number;
}

/** An Azure DevOps `ConnectionData`. */
export interface ConnectionData {
  authenticatedUser: ConnectionIdentity;
  authorizedUser: ConnectionIdentity;
  instanceId: string;
  deploymentId: string;
  deploymentType: "hosted";
  locationServiceData: {
    serviceOwner: string;
    defaultAccessMappingMoniker: string;
    lastChangeId: number;
    lastChangeId64: number;
    accessMappings: {
      displayName: string;
      moniker: string;
      accessPoint: string;
      serviceOwner: string;
      virtualDirectory: string;
    }[];
  };
}

/**
 * The Graph subject descriptor of a Patina user: `<subject type>.<base64url identifier>` like
 * Azure DevOps' `aad.…` and `msa.…`, with Patina's own subject type so it is never mistaken
 * for an Azure AD identity.
 */
export function subjectDescriptorOf(userId: string): string {
  return `patina.${Buffer.from(userId, "utf8").toString("base64url")}`;
}

/**
 * The identity descriptor (`<identity type>;<identifier>`). Claims identities are what Azure
 * DevOps uses for accounts it does not get from Windows; the identifier is scoped by the
 * instance id the way Azure AD ones are scoped by tenant.
 */
export function identityDescriptorOf(instanceId: string, username: string): string {
  return `Microsoft.IdentityModel.Claims.ClaimsIdentity;${instanceId}\\${username}`;
}

/** The token owner as an Azure DevOps identity. */
export function identityOf(owner: TokenOwner, instanceId: string): ConnectionIdentity {
  return {
    id: owner.id,
    descriptor: identityDescriptorOf(instanceId, owner.username),
    subjectDescriptor: subjectDescriptorOf(owner.id),
    providerDisplayName: owner.displayName,
    // Verification already refused disabled owners; kept computed so the value never lies.
    isActive: !owner.isDisabled,
    properties: { Account: { $type: "System.String", $value: owner.email } },
    resourceVersion: 2,
    metaTypeId: 0,
  };
}

/** What the connectionData of one host (the instance, or one organization) is built from. */
export interface ConnectionContext {
  readonly owner: TokenOwner;
  readonly publicUrl: string;
  /** The Patina installation's id. */
  readonly deploymentId: string;
  /** The organization addressed, for `/{org}/_apis/connectionData`. */
  readonly organization?: { readonly id: string; readonly name: string };
}

/**
 * Builds connectionData. As in Azure DevOps, `instanceId` names the host answering: the
 * organization (collection) on `/{org}/`, the deployment itself at the root.
 */
export function buildConnectionData(context: ConnectionContext): ConnectionData {
  const identity = identityOf(context.owner, context.deploymentId);
  return {
    authenticatedUser: identity,
    // Patina has no impersonation, so the authorized user is always the authenticated one.
    authorizedUser: identity,
    instanceId: context.organization?.id ?? context.deploymentId,
    deploymentId: context.deploymentId,
    deploymentType: "hosted",
    locationServiceData: {
      serviceOwner: TFS_SERVICE_OWNER,
      defaultAccessMappingMoniker: PUBLIC_ACCESS_MAPPING,
      lastChangeId: LOCATION_CHANGE_ID,
      lastChangeId64: LOCATION_CHANGE_ID,
      accessMappings: [
        {
          displayName: "Public Access Mapping",
          moniker: PUBLIC_ACCESS_MAPPING,
          accessPoint: context.publicUrl,
          serviceOwner: TFS_SERVICE_OWNER,
          virtualDirectory: context.organization?.name ?? "",
        },
      ],
    },
  };
}
