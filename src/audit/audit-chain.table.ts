/** Row type of the audit chains' heads (camelCase; the CamelCasePlugin maps to snake_case columns). */

/** The head and anchor of one audit chain (an organization's, or `instance`). */
export interface AuditChainTable {
  /** The organization's id, or `instance` for events without one. */
  chainKey: string;
  /** Position of the newest event; 0 for an empty chain. Appends lock this row. */
  headPosition: number;
  /** Hash of the newest event (the genesis hash when none). */
  headHash: string;
  /** Position of the last pruned event (0 when nothing was pruned): verification starts here. */
  anchorPosition: number;
  /** Hash of the last pruned event (the genesis hash when nothing was pruned). */
  anchorHash: string;
  /** `seq` of the last pruned event (0 when nothing was pruned). */
  anchorSeq: number;
}
