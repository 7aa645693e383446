/**
 * The app shell: finds out whether someone is signed in, then shows the page for the URL.
 * Pages other than sign-in and setup need a session; without one the user is sent to sign-in
 * with the page they asked for as `returnTo`.
 */
import { Spinner } from "@fluentui/react-components";
import { useCallback, useEffect, useState } from "react";
import { ApiError, messageOf } from "./api/http.ts";
import { getSession, type Session } from "./api/session.ts";
import { CenteredCard } from "./components/CenteredCard.tsx";
import { NotFoundPage } from "./pages/NotFoundPage.tsx";
import { SetupPage } from "./pages/SetupPage.tsx";
import { SignInPage } from "./pages/SignInPage.tsx";
import { TokensPage } from "./pages/TokensPage.tsx";
import { navigate, SETUP_PATH, SIGN_IN_PATH, safeReturnTo, signInUrl, TOKENS_PATH, useLocation } from "./router.ts";

type SessionState =
  | { kind: "loading" }
  | { kind: "signedOut" }
  | { kind: "signedIn"; session: Session }
  | { kind: "failed"; message: string };

/** The whole app. */
export function App() {
  const { path, search } = useLocation();
  const [state, setState] = useState<SessionState>({ kind: "loading" });

  useEffect(() => {
    getSession().then(
      (session) => setState({ kind: "signedIn", session }),
      (error: unknown) =>
        setState(
          error instanceof ApiError && error.status === 401
            ? { kind: "signedOut" }
            : { kind: "failed", message: messageOf(error) },
        ),
    );
  }, []);

  const signedIn = useCallback((session: Session, destination: string) => {
    setState({ kind: "signedIn", session });
    navigate(destination, { replace: true });
  }, []);
  // A 401 from any call means the session ended (expired, or signed out elsewhere).
  const sessionLost = useCallback(() => {
    setState({ kind: "signedOut" });
    navigate(signInUrl(window.location.pathname + window.location.search), { replace: true });
  }, []);

  const signedOut = useCallback(() => {
    setState({ kind: "signedOut" });
    navigate(SIGN_IN_PATH, { replace: true });
  }, []);

  const redirect = redirectFor(state, path);
  useEffect(() => {
    if (redirect !== null) navigate(redirect, { replace: true });
  }, [redirect]);

  if (path === SETUP_PATH) return <SetupPage code={search.get("code")} onDone={(s) => signedIn(s, TOKENS_PATH)} />;
  if (state.kind === "loading" || redirect !== null) return <Spinner label="Loading" style={{ marginTop: 96 }} />;
  if (state.kind === "failed") return <CenteredCard title="Patina is unavailable">{state.message}</CenteredCard>;
  if (state.kind === "signedOut") {
    return <SignInPage onSignedIn={(s) => signedIn(s, safeReturnTo(search.get("returnTo")))} />;
  }
  if (path === TOKENS_PATH)
    return <TokensPage session={state.session} onSessionLost={sessionLost} onSignedOut={signedOut} />;
  return <NotFoundPage />;
}

/** Where the current state sends the user instead of rendering `path`, if anywhere. */
function redirectFor(state: SessionState, path: string): string | null {
  if (path === SETUP_PATH || state.kind === "loading" || state.kind === "failed") return null;
  if (state.kind === "signedOut") return path === SIGN_IN_PATH ? null : signInUrl(path + window.location.search);
  if (path === "/") return TOKENS_PATH;
  if (path === SIGN_IN_PATH) return safeReturnTo(new URLSearchParams(window.location.search).get("returnTo"));
  return null;
}
