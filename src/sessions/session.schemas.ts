/** Request and response schemas of the session, password and setup routes, for validation and OpenAPI. */
import { Type } from "typebox";

/** Longest password accepted: long enough for any passphrase, short enough to bound the hashing work. */
const Password = Type.String({ minLength: 1, maxLength: 1024 });

/** `POST /_apis/patina/session` body. */
export const SignInRequestSchema = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 256 }),
    password: Password,
  },
  { additionalProperties: false },
);

/** `PUT /_apis/patina/password` body. */
export const PasswordChangeRequestSchema = Type.Object(
  {
    currentPassword: Password,
    newPassword: Password,
  },
  { additionalProperties: false },
);

/** `POST /_apis/patina/setup` body. */
export const SetupRequestSchema = Type.Object(
  {
    code: Type.Optional(Type.String({ maxLength: 256 })),
    username: Type.String({ maxLength: 256 }),
    password: Password,
    displayName: Type.Optional(Type.String({ maxLength: 256 })),
    email: Type.String({ maxLength: 320 }),
    organization: Type.String({ maxLength: 256 }),
  },
  { additionalProperties: false },
);

/** `GET /_apis/patina/setup` answer. */
export const SetupStatusSchema = Type.Object({ setupRequired: Type.Boolean() });

/** The Session the web UI reads after sign-in, setup and `GET /_apis/patina/session`. */
export const SessionSchema = Type.Object({
  signInMethod: Type.String({ description: "password, password+totp, password+recovery, sso, passkey" }),
  authenticatedAt: Type.String({ format: "date-time", description: "Last sign-in or step-up (step-up checks this)" }),
  mfaEnrolmentRequired: Type.Boolean({ description: "Policy: set up a second factor before anything else" }),
  user: Type.Object({
    id: Type.String({ format: "uuid" }),
    username: Type.String(),
    displayName: Type.String(),
    email: Type.String(),
    isAdmin: Type.Boolean(),
  }),
  csrfToken: Type.String({ description: "Send it as X-Patina-CSRF on every state-changing request" }),
  organizations: Type.Array(
    Type.Object({
      id: Type.String({ format: "uuid" }),
      name: Type.String(),
      role: Type.Union([Type.Literal("reader"), Type.Literal("contributor"), Type.Literal("admin")]),
    }),
  ),
  expiresAt: Type.String({
    format: "date-time",
    description: "When the session ends unless used again before (idle), or for good (absolute)",
  }),
  expiryNoticeDays: Type.Array(Type.Integer({ minimum: 1 }), {
    description: "Days before expiry at which owners are notified (PATINA_EXPIRY_NOTICE_DAYS), largest first",
  }),
});

/** `POST /_apis/patina/session` answer when the password was right and a second factor is needed. */
export const SecondFactorRequiredSchema = Type.Object({
  secondFactorRequired: Type.Literal(true),
  methods: Type.Array(Type.String(), {
    description: "totp, recovery, … : finish with POST /_apis/patina/session/second-factor",
  }),
});
