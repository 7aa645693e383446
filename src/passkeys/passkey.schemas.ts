/**
 * Request and response schemas of the passkey routes. The credential JSON a browser sends is
 * bounded field by field (base64url, a few KB at most), so nothing huge or of the wrong type
 * reaches the WebAuthn library; what it then refuses is a verification failure, never a 500.
 */
import { Type } from "typebox";
import { MAX_PASSKEY_NAME_LENGTH } from "../domain/passkey-name.js";

const Base64Url = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: "^[A-Za-z0-9_-]+$" });

/** A credential id: at most 1023 bytes (WebAuthn), so 1364 base64url characters. */
const CredentialId = Base64Url(1364);

const ExtensionResults = Type.Record(Type.String({ maxLength: 64 }), Type.Unknown(), { maxProperties: 16 });

/** What `startRegistration()` of @simplewebauthn/browser returns. */
const RegistrationResponse = Type.Object({
  id: CredentialId,
  rawId: CredentialId,
  type: Type.Literal("public-key"),
  authenticatorAttachment: Type.Optional(Type.Union([Type.Literal("platform"), Type.Literal("cross-platform")])),
  clientExtensionResults: ExtensionResults,
  response: Type.Object({
    clientDataJSON: Base64Url(4096),
    attestationObject: Base64Url(16384),
    authenticatorData: Type.Optional(Base64Url(16384)),
    transports: Type.Optional(Type.Array(Type.String({ maxLength: 32 }), { maxItems: 8 })),
    publicKeyAlgorithm: Type.Optional(Type.Integer()),
    publicKey: Type.Optional(Base64Url(4096)),
  }),
});

/** What `startAuthentication()` of @simplewebauthn/browser returns. */
export const AuthenticationResponseSchema = Type.Object({
  id: CredentialId,
  rawId: CredentialId,
  type: Type.Literal("public-key"),
  authenticatorAttachment: Type.Optional(Type.Union([Type.Literal("platform"), Type.Literal("cross-platform")])),
  clientExtensionResults: ExtensionResults,
  response: Type.Object({
    clientDataJSON: Base64Url(4096),
    authenticatorData: Base64Url(4096),
    signature: Base64Url(2048),
    userHandle: Type.Optional(Base64Url(128)),
  }),
});

const PasskeyName = Type.String({ maxLength: 256, description: `1–${MAX_PASSKEY_NAME_LENGTH} characters` });

/** `POST /_apis/patina/passkeys/registration-options` body. */
export const RegistrationOptionsRequestSchema = Type.Object(
  { currentPassword: Type.String({ minLength: 1, maxLength: 1024 }) },
  { additionalProperties: false },
);

/** `POST /_apis/patina/passkeys` body. */
export const RegistrationRequestSchema = Type.Object(
  { name: PasskeyName, response: RegistrationResponse },
  { additionalProperties: false },
);

/** `PATCH /_apis/patina/passkeys/:id` body. */
export const RenameRequestSchema = Type.Object({ name: PasskeyName }, { additionalProperties: false });

/** `POST /_apis/patina/session/passkey` body. */
export const PasskeySignInRequestSchema = Type.Object(
  { response: AuthenticationResponseSchema },
  { additionalProperties: false },
);

/** The `:id` of one passkey. */
export const PasskeyParamsSchema = Type.Object({
  id: Type.String({ maxLength: 64, description: "The passkey's id (pk_…), as the list gives it." }),
});

/** One passkey as the owner sees it (never the credential id or key). */
export const PasskeySchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  createdAt: Type.String({ format: "date-time" }),
  lastUsedAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
  synced: Type.Boolean({ description: "The authenticator says the passkey is backed up (e.g. a password manager)" }),
});

/** `GET /_apis/patina/passkeys` answer. */
export const PasskeyListSchema = Type.Object({
  available: Type.Boolean({
    description: "False when PATINA_PUBLIC_URL is an IP address: WebAuthn needs a domain name",
  }),
  count: Type.Integer(),
  value: Type.Array(PasskeySchema),
});

/** Options for navigator.credentials.create/get, as the WebAuthn library makes them. */
export const CeremonyOptionsSchema = Type.Record(Type.String(), Type.Unknown());
