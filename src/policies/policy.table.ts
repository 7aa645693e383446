/** Row type of the policies table (see db/migrations/0009-policies.ts). */
export interface PolicyTable {
  /** "instance", or "org:" + the organization's id. */
  policyId: string;
  /** The organization of an organization policy; null for the instance's. */
  orgId: string | null;
  /** JSON object of the keys set at this level (domain/policy-rules PolicyValues, allow list as user ids). */
  document: string;
  /** Incremented by every change: the compare-and-set of concurrent changes. */
  revision: number;
  updatedAt: string;
  /** The user name of whoever changed it last (patina-cli for the CLI). */
  updatedBy: string | null;
}
