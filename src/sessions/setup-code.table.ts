/** Row types of the first-run setup tables (camelCase; the CamelCasePlugin maps to snake_case columns). */

/** A setup code some instance printed on its console while setup is pending. Never the code itself. */
export interface SetupCodeTable {
  /** SHA-256 of the code, base64url. */
  codeHash: string;
  issuedAt: string;
}

/** The one claim that completes setup: at most one row, whose id is the constant `"setup"`. */
export interface FirstRunSetupTable {
  id: string;
  /** Hash of the code that was spent. */
  codeHash: string;
  /** When the claim was made; a claim with no user long after it was made died with its instance. */
  startedAt: string;
}
