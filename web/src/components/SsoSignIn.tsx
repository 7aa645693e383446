/**
 * "Sign in with {label}" on the sign-in page when single sign-on is configured
 * (GET /_apis/patina/sign-in-options), and the reason in words when a single sign-on came back
 * refused (`?ssoError=` from the server's callback).
 */
import { Button, MessageBar, MessageBarBody } from "@fluentui/react-components";
import { useEffect, useState } from "react";
import { request } from "../api/http.ts";

interface SignInOptions {
  sso: { label: string; startUrl: string } | null;
}

/** Words for each reason the server's callback gives (src/sso/sso-sign-in.ts SsoFailure). */
const SSO_ERRORS: Record<string, string> = {
  noTransaction: "The single sign-on expired or was already used. Start it again.",
  stateMismatch: "The answer from the identity provider did not belong to this sign-in. Start it again.",
  issuerMismatch: "The answer came from an identity provider Patina does not trust.",
  nonceMismatch: "The answer from the identity provider did not belong to this sign-in. Start it again.",
  codeRejected: "The identity provider refused the sign-in (it may have been used already). Start it again.",
  accessDenied: "The identity provider denied the sign-in.",
  providerError: "The identity provider reported an error. Try again, or ask your administrator.",
  providerUnavailable:
    "The identity provider cannot be reached right now. Try again later, or sign in with a password.",
  invalidResponse: "The identity provider's answer could not be verified.",
  userDisabled: "Your Patina account is disabled. Ask an administrator.",
  noUsername: "The identity provider sent no usable user name for you. Ask your administrator.",
  noEmail: "The identity provider sent no e-mail address for you, which a new account needs. Ask your administrator.",
  identityConflict: "This Patina account is already linked to another identity. Ask an administrator.",
};

/** The single sign-on button and error, or nothing when SSO is off. */
export function SsoSignIn() {
  const [options, setOptions] = useState<SignInOptions | null>(null);
  const search = new URLSearchParams(window.location.search);
  const reason = search.get("ssoError");
  const returnTo = search.get("returnTo");

  useEffect(() => {
    request<SignInOptions>("GET", "/_apis/patina/sign-in-options").then(setOptions, () => undefined);
  }, []);

  const message = reason === null ? null : (SSO_ERRORS[reason] ?? "Single sign-on failed. Try again.");
  const href =
    options?.sso == null
      ? null
      : `${options.sso.startUrl}${returnTo === null ? "" : `?returnTo=${encodeURIComponent(returnTo)}`}`;
  return (
    <>
      {message !== null && (
        <MessageBar intent="error">
          <MessageBarBody>{message}</MessageBarBody>
        </MessageBar>
      )}
      {href !== null && options?.sso != null && (
        <Button as="a" href={href} appearance="secondary" style={{ marginTop: 8 }}>
          Sign in with {options.sso.label}
        </Button>
      )}
    </>
  );
}
