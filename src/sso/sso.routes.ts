/**
 * The single sign-on routes: `GET /_signin/oidc/start` (to the provider, with a new sealed
 * transaction), `GET /_signin/oidc/callback` (back from it: a session, or the sign-in page with
 * `ssoError`), and `GET /_apis/patina/sign-in-options` (what the sign-in page offers). Both
 * sign-in routes answer with redirects, never an error body: a browser is on the other end.
 */
import { randomBytes } from "node:crypto";
import type { FastifyInstance, FastifyReply } from "fastify";
import { Type } from "typebox";
import { OIDC_CALLBACK_PATH } from "../config/oidc-config.js";
import { clientOf, setSessionCookie } from "../sessions/session-http.js";
import type { SsoFeature } from "./sso-feature.js";
import {
  clearedTransactionCookie,
  readTransactionCookie,
  SSO_TRANSACTION_MS,
  safeReturnPath,
  transactionCookie,
} from "./sso-transaction.js";

const TAGS = ["Sessions"];
/** Where a login starts; the sign-in page's button links here with `returnTo`. */
export const OIDC_START_PATH = "/_signin/oidc/start";

const SignInOptionsSchema = Type.Object({
  sso: Type.Union([Type.Object({ label: Type.String(), startUrl: Type.String() }), Type.Null()], {
    description: "Single sign-on, when configured: the button's label and the URL it opens",
  }),
});

const StartQuerySchema = Type.Object({ returnTo: Type.Optional(Type.String({ maxLength: 2048 })) });

/** The sign-in page with a reason in words (the page maps it), keeping where the user was going. */
function toSignInPage(reply: FastifyReply, reason: string, returnTo: string): FastifyReply {
  const query = new URLSearchParams({ ssoError: reason });
  if (returnTo !== "/_usersSettings/tokens") query.set("returnTo", returnTo);
  return reply.header("Cache-Control", "no-store").redirect(`/_signin?${query.toString()}`, 302);
}

const random = () => randomBytes(32).toString("base64url");

/** Registers the routes; without SSO configured only sign-in-options answers (`sso: null`). */
export function registerSsoRoutes(app: FastifyInstance, feature: SsoFeature | null) {
  app.get(
    "/_apis/patina/sign-in-options",
    {
      config: { skipApiVersion: true, noStore: true },
      schema: {
        tags: TAGS,
        summary: "How one can sign in here (for the sign-in page)",
        response: { 200: SignInOptionsSchema },
      },
    },
    async () => ({ sso: feature === null ? null : { label: feature.config.label, startUrl: OIDC_START_PATH } }),
  );
  if (feature === null) return;
  const { secureCookie, sealer, clock } = feature;

  app.get<{ Querystring: { returnTo?: string } }>(
    OIDC_START_PATH,
    {
      schema: {
        tags: TAGS,
        summary: "Starts single sign-on: redirects to the provider",
        querystring: StartQuerySchema,
      },
    },
    async (request, reply) => {
      const returnTo = safeReturnPath(request.query.returnTo);
      const checks = { state: random(), nonce: random(), codeVerifier: random() };
      const url = await feature.provider.authorizationUrl(checks);
      if (url === undefined) return toSignInPage(reply, "providerUnavailable", returnTo);
      const sealed = sealer.seal({ ...checks, returnTo, expiresAtMs: clock.now().getTime() + SSO_TRANSACTION_MS });
      return reply
        .header("Set-Cookie", transactionCookie(sealed, secureCookie))
        .header("Cache-Control", "no-store")
        .redirect(url.href, 302);
    },
  );

  app.get(
    OIDC_CALLBACK_PATH,
    { schema: { tags: TAGS, summary: "The provider's redirect back: signs in and redirects to the page asked for" } },
    async (request, reply) => {
      const transaction = sealer.open(readTransactionCookie(request.headers.cookie), clock.now().getTime());
      // The URL registered at the provider, with the parameters it sent: not the Host this request came by.
      const query = request.url.includes("?") ? request.url.slice(request.url.indexOf("?")) : "";
      const callbackUrl = new URL(`${feature.config.redirectUrl}${query}`);
      const result = await feature.signIn(callbackUrl, transaction, clientOf(request));
      // Used once, whatever the outcome.
      reply.header("Set-Cookie", clearedTransactionCookie(secureCookie));
      const returnTo = transaction?.returnTo ?? "/_usersSettings/tokens";
      if (!result.ok) return toSignInPage(reply, result.reason, returnTo);
      setSessionCookie(reply, result.session.id, result.session.maxAgeSeconds, secureCookie);
      return reply.redirect(returnTo, 302);
    },
  );
}
