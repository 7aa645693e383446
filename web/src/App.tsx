/**
 * The app shell: finds out whether someone is signed in, then shows the page for the URL.
 * Pages other than sign-in and setup need a session; without one the user is sent to sign-in
 * with the page they asked for as `returnTo`. A 401 from any later call means the session
 * ended; the shell handles it once for every page (api/http.ts): a sign-in dialog over the page,
 * so that nothing the user was doing is thrown away.
 */
import { Spinner } from "@fluentui/react-components";
import { useCallback, useEffect, useMemo, useState } from "react";
import { AuditLogPage } from "./admin/AuditLogPage.tsx";
import { InstancePoliciesPage } from "./admin/InstancePoliciesPage.tsx";
import { InstanceUsersPage } from "./admin/InstanceUsersPage.tsx";
import { MembersPage } from "./admin/MembersPage.tsx";
import { OrgPoliciesPage } from "./admin/OrgPoliciesPage.tsx";
import { OrgTokensPage } from "./admin/OrgTokensPage.tsx";
import { ApiError, messageOf, setSessionEndedHandler } from "./api/http.ts";
import { getSession, type Session, signOut } from "./api/session.ts";
import { CenteredCard } from "./components/CenteredCard.tsx";
import { useFocusKeeper } from "./components/focus-keeper.ts";
import { SessionEndedDialog } from "./components/SessionEndedDialog.tsx";
import { StepUpDialog } from "./components/StepUpDialog.tsx";
import { NotFoundPage } from "./pages/NotFoundPage.tsx";
import { ProfilePage } from "./pages/ProfilePage.tsx";
import { SetupPage } from "./pages/SetupPage.tsx";
import { SignInPage } from "./pages/SignInPage.tsx";
import { TokenDetailsPage } from "./pages/TokenDetailsPage.tsx";
import { TokensPage } from "./pages/TokensPage.tsx";
import {
  matchAppPage,
  navigate,
  type PageRoute,
  paths,
  SIGN_IN_PATH,
  safeReturnTo,
  signInUrl,
  TOKENS_PATH,
  useLocation,
} from "./router.ts";
import { SessionContext, type SessionValue } from "./session-context.tsx";

type SessionState =
  | { kind: "loading" }
  | { kind: "signedOut" }
  /** `ended`: a call was answered 401; the page stays under a sign-in dialog. */
  | { kind: "signedIn"; session: Session; ended?: boolean }
  | { kind: "failed"; message: string };

/** The whole app. */
export function App() {
  const { path, search } = useLocation();
  const [state, setState] = useState<SessionState>({ kind: "loading" });
  useFocusKeeper(`${path} ${state.kind}`);

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

  // A 401 from any call made with the session means it ended (expired, or signed out elsewhere).
  // The page stays, under a dialog to sign in again, so an open form keeps what was typed.
  useEffect(() => {
    setSessionEndedHandler(() => {
      setState((current) => (current.kind === "signedIn" ? { ...current, ended: true } : current));
    });
    return () => setSessionEndedHandler(null);
  }, []);

  // The same user carries on with the page as it is; anyone else must not see it: a fresh load.
  const signedInAgain = useCallback((previous: Session, session: Session) => {
    if (session.user.id === previous.user.id) setState({ kind: "signedIn", session });
    else window.location.assign(TOKENS_PATH);
  }, []);

  const sessionValue = useMemo<SessionValue | null>(() => {
    if (state.kind !== "signedIn") return null;
    return {
      session: state.session,
      signOut: async () => {
        await signOut().catch(() => undefined);
        setState({ kind: "signedOut" });
        navigate(SIGN_IN_PATH, { replace: true });
      },
      refresh: async () => {
        const session = await getSession();
        setState({ kind: "signedIn", session });
      },
    };
  }, [state]);

  const route = matchAppPage(path);
  const redirect = redirectFor(state, route, path);
  useEffect(() => {
    if (redirect !== null) navigate(redirect, { replace: true });
  }, [redirect]);

  if (route?.page === "setup") {
    return <SetupPage code={search.get("code")} onDone={(s) => signedIn(s, TOKENS_PATH)} />;
  }
  if (state.kind === "loading" || redirect !== null) return <Spinner label="Loading" style={{ marginTop: 96 }} />;
  if (state.kind === "failed")
    return (
      <CenteredCard title="Patina is unavailable" tabTitle="Unavailable">
        {state.message}
      </CenteredCard>
    );
  if (state.kind === "signedOut") {
    return <SignInPage onSignedIn={(s) => signedIn(s, safeReturnTo(search.get("returnTo")))} />;
  }
  return (
    <SessionContext.Provider value={sessionValue}>
      <SignedInPage route={route} session={state.session} />
      <SessionEndedDialog
        open={state.ended === true}
        username={state.session.user.username}
        onSignedIn={(session) => signedInAgain(state.session, session)}
      />
      <StepUpDialog />
    </SessionContext.Provider>
  );
}

/** The page for a route, for a signed-in user; settings pages check the user's role first. */
function SignedInPage(props: { route: PageRoute | undefined; session: Session }) {
  const { route, session } = props;
  if (route === undefined) return <NotFoundPage />;
  switch (route.page) {
    case "tokens":
      return <TokensPage key={route.org ?? ""} {...(route.org === undefined ? {} : { org: route.org })} />;
    case "tokenDetails":
      return <TokenDetailsPage authorizationId={route.authorizationId} />;
    case "profile":
      return <ProfilePage />;
    case "orgSettings": {
      const org = route.org.toLowerCase();
      const role = session.organizations.find((organization) => organization.name === org)?.role;
      if (role !== "admin") return <NotAllowedPage what="this organization's settings" />;
      if (route.section === "policies" || route.section === null) return <OrgPoliciesPage org={org} />;
      if (route.section === "tokens") return <OrgTokensPage org={org} />;
      if (route.section === "audit") return <AuditLogPage org={org} />;
      return <MembersPage org={org} />;
    }
    case "instanceSettings":
      if (!session.user.isAdmin) return <NotAllowedPage what="the instance settings" />;
      return route.section === "policies" ? <InstancePoliciesPage /> : <InstanceUsersPage />;
    default:
      return <NotFoundPage />;
  }
}

/** Shown instead of a settings page the user may not see. */
function NotAllowedPage(props: { what: string }) {
  return (
    <CenteredCard title="Not available" tabTitle="Not available">
      <p>
        Only administrators can see {props.what}. Go to <a href={paths.tokens()}>Personal access tokens</a>.
      </p>
    </CenteredCard>
  );
}

/** Where the current state sends the user instead of rendering `path`, if anywhere. */
function redirectFor(state: SessionState, route: PageRoute | undefined, path: string): string | null {
  if (route?.page === "setup" || state.kind === "loading" || state.kind === "failed") return null;
  if (state.kind === "signedOut") return route?.page === "signIn" ? null : signInUrl(path + window.location.search);
  if (route?.page === "home") return TOKENS_PATH;
  if (route?.page === "signIn") return safeReturnTo(new URLSearchParams(window.location.search).get("returnTo"));
  if (route?.page === "orgSettings" && route.section === null) return paths.orgPolicies(route.org);
  if (route?.page === "instanceSettings" && route.section === null) return paths.instanceUsers();
  return null;
}
