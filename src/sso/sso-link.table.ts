/** Row type of the single sign-on links (camelCase; the CamelCasePlugin maps to snake_case columns). */

/** An OpenID Connect identity (issuer + `sub`) and the Patina user it signs in as. */
export interface SsoLinkTable {
  issuer: string;
  subject: string;
  userId: string;
  createdAt: string;
  lastSignInAt: string;
}
