/**
 * Schemas of the policy API, for validation and OpenAPI. The body's values are checked by the
 * policy service (domain/policy-rules parsePolicyPatch) rather than here, so that every wrong
 * value gets a message naming the key and its allowed values; the schema refuses unknown keys.
 */
import { type TSchema, Type } from "typebox";
import { keysOf, type PolicyKey, type PolicyLevel } from "../domain/policy-rules.js";

/** What each key holds (documentation of the values; see docs/administration.md). */
const VALUE_SCHEMAS: Readonly<Record<PolicyKey, TSchema>> = {
  restrictGlobalPatCreation: Type.Boolean({
    description: "No tokens for all organizations (globalPatPolicyViolation)",
  }),
  restrictFullScopePatCreation: Type.Boolean({ description: "No Full access tokens (fullScopePatPolicyViolation)" }),
  maxPatLifespanDays: Type.Union([Type.Integer({ minimum: 1, maximum: 365 }), Type.Null()], {
    description: "Longest lifespan in days; creation, extension and regeneration are clamped to it; null: 365",
  }),
  restrictPatCreation: Type.Boolean({
    description: "Only users on patCreationAllowList may create tokens (disablePatCreationPolicyViolation)",
  }),
  patCreationAllowList: Type.Array(Type.String(), { description: "User names (or user ids) on the allow list" }),
  allowPackagingPatsForOthers: Type.Boolean({
    description: "Users not on the allow list may create tokens whose scopes are all vso.packaging*",
  }),
  autoRevokeLeakedPats: Type.Boolean({ description: "Revoke a reported leaked token (default true)" }),
  retireGlobalPatsAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()], {
    description: "From this instant all-organization tokens stop working (403)",
  }),
  enforceMaxLifespanAtUse: Type.Boolean({
    description: "Refuse (403) tokens whose lifespan exceeds the current maximum",
  }),
  revokeUnusedPatsAfterDays: Type.Union([Type.Integer({ minimum: 1, maximum: 3650 }), Type.Null()], {
    description: "The system revokes active tokens unused for this many days; null: never",
  }),
  requireMfa: Type.Boolean({
    description:
      "Users (members, for an organization) need a second factor before the web UI lets them do anything else",
  }),
  passwordSignIn: Type.Union([Type.Literal("everyone"), Type.Literal("breakGlassOnly")], {
    description:
      "Who may sign in with a password: everyone, or only passwordBreakGlassUsers (others use single sign-on)",
  }),
  passwordBreakGlassUsers: Type.Array(Type.String(), {
    description: "User names (or ids) that keep password sign-in under breakGlassOnly",
  }),
};

function valuesSchema(keys: readonly PolicyKey[], id: string) {
  return Type.Object(Object.fromEntries(keys.map((key) => [key, VALUE_SCHEMAS[key]])), { $id: id });
}

const ALL_KEYS = Object.keys(VALUE_SCHEMAS) as PolicyKey[];

/** The answer of GET and PATCH (both levels). */
export const PolicyViewSchema = Type.Object(
  {
    level: Type.Union([Type.Literal("instance"), Type.Literal("organization")]),
    organization: Type.Union([Type.String(), Type.Null()], { description: "The organization; null for the instance" }),
    revision: Type.Integer({ description: "Increments with every change; 0 when never set" }),
    updatedAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
    updatedBy: Type.Union([Type.String(), Type.Null()]),
    values: Type.Partial(valuesSchema(ALL_KEYS, "PolicyValuesOfLevel"), {
      description: "What this level sets (its own keys; defaults where it sets nothing)",
    }),
    effective: Type.Partial(valuesSchema(ALL_KEYS, "EffectivePolicyValues"), {
      description: "What applies here: the stricter of the instance's and the organization's, key by key",
    }),
  },
  { $id: "PatinaPolicy" },
);

/** A PATCH body: any subset of the level's keys (only the named keys change). */
export function policyPatchSchema(level: PolicyLevel) {
  const keys = keysOf(level);
  return Type.Object(
    Object.fromEntries(
      keys.map((key) => [key, Type.Optional(Type.Unknown({ description: descriptionOf(VALUE_SCHEMAS[key]) }))]),
    ),
    { additionalProperties: false, description: `Any of: ${keys.join(", ")}` },
  );
}

function descriptionOf(schema: TSchema): string | undefined {
  const { description } = schema as { description?: unknown };
  return typeof description === "string" ? description : undefined;
}

export const OrgParamsSchema = Type.Object({ org: Type.String({ maxLength: 64 }) });
