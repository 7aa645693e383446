/**
 * User settings → Personal access tokens → one token: its facts, its usage over 30 days (charts
 * with a text alternative), scopes used vs granted with "Narrow to the scopes used", and the
 * list's actions (Edit, Regenerate, Revoke) through the same panel and dialogs.
 */
import {
  Button,
  Link,
  MessageBar,
  MessageBarBody,
  makeStyles,
  Spinner,
  tokens,
  typographyStyles,
  useRestoreFocusTarget,
} from "@fluentui/react-components";
import { useCallback, useRef, useState } from "react";
import { type PatToken, regenerateToken, revokeToken } from "../api/tokens.ts";
import { followLink } from "../components/AppHeader.tsx";
import { FormError } from "../components/FormError.tsx";
import { focusWhenSettled, useFocusOnArrival } from "../components/focus-keeper.ts";
import { ScopesUsed } from "../details/ScopesUsed.tsx";
import { TokenFacts } from "../details/TokenFacts.tsx";
import { UsageChart } from "../details/UsageChart.tsx";
import { type TokenDetailsState, useTokenDetails } from "../details/useTokenDetails.ts";
import { UserSettingsLayout } from "../layout/UserSettingsLayout.tsx";
import { paths } from "../router.ts";
import { useSession } from "../session-context.tsx";
import { StatusBadge } from "../tokens/StatusBadge.tsx";
import { TokenDialogs, type TokenOverlay } from "../tokens/TokenDialogs.tsx";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: "24px", minWidth: 0 },
  top: { display: "flex", flexDirection: "column" },
  heading: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: "8px 16px" },
  // Focused only by script (on arrival, after a dialog), never by Tab: no focus ring on a heading.
  title: {
    ...typographyStyles.title1,
    margin: 0,
    overflowWrap: "anywhere",
    minWidth: 0,
    ":focus": { outline: "none" },
  },
  actions: { display: "flex", flexWrap: "wrap", gap: "8px", marginTop: "16px" },
  // Inside the live region, so that an empty region takes no room.
  notice: { marginTop: "16px" },
  hint: { color: tokens.colorNeutralForeground2 },
});

/** The token details page. */
export function TokenDetailsPage(props: { authorizationId: string }) {
  const { session } = useSession();
  const { state, reload } = useTokenDetails(props.authorizationId, session.organizations);
  const name = state.kind === "loaded" ? state.token.displayName : state.kind === "notFound" ? "Token not found" : "";
  return (
    <UserSettingsLayout
      title={name || "Token details"}
      trail={[{ label: "Personal access tokens", href: paths.tokens() }, { label: name || "Token details" }]}
    >
      <DetailsContent state={state} reload={reload} />
    </UserSettingsLayout>
  );
}

function DetailsContent(props: { state: TokenDetailsState; reload: () => Promise<void> }) {
  const { state } = props;
  if (state.kind === "loading") return <Spinner size="small" label="Loading the token" />;
  if (state.kind === "loaded") return <LoadedDetails state={state} reload={props.reload} />;
  return <Problem state={state} reload={props.reload} />;
}

/** Not found (with the way back to the list), or an error with Try again. */
function Problem(props: {
  state: Extract<TokenDetailsState, { kind: "notFound" | "error" }>;
  reload: () => Promise<void>;
}) {
  const styles = useStyles();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useFocusOnArrival(headingRef);
  const { state } = props;
  if (state.kind === "notFound") {
    return (
      <div className={styles.page}>
        <h1 className={styles.title} ref={headingRef} tabIndex={-1}>
          Token not found
        </h1>
        <p className={styles.hint}>
          You have no personal access token with this id. It may have been mistyped, or belong to someone else.
        </p>
        <p>
          <Link href={paths.tokens()} onClick={followLink}>
            Back to personal access tokens
          </Link>
        </p>
      </div>
    );
  }
  return (
    <div className={styles.page}>
      <h1 className={styles.title} ref={headingRef} tabIndex={-1}>
        Token details
      </h1>
      <FormError message={state.message} />
      <div>
        <Button onClick={() => void props.reload()}>Try again</Button>
      </div>
    </div>
  );
}

function LoadedDetails(props: { state: Extract<TokenDetailsState, { kind: "loaded" }>; reload: () => Promise<void> }) {
  const styles = useStyles();
  const { session } = useSession();
  const { org, token, usage } = props.state;
  const [overlay, setOverlay] = useState<TokenOverlay>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const close = useCallback(() => setOverlay(null), []);
  const restoreFocusTarget = useRestoreFocusTarget();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const active = token.status === "active";
  const { reload } = props;

  useFocusOnArrival(headingRef);

  // After a save or revoke the button that opened the dialog may be gone (Narrow, once narrowed;
  // the actions, once revoked): focus then goes to the heading rather than being lost.
  const after = async (message: string) => {
    setOverlay(null);
    await reload();
    setNotice(message);
    focusWhenSettled(headingRef);
  };

  const actions = {
    regenerate: async (target: PatToken) => {
      const fresh = await regenerateToken(org, target.authorizationId);
      setOverlay({ kind: "secret", token: fresh, regenerated: true });
      void reload();
    },
    revoke: async (target: PatToken) => {
      await revokeToken(org, target.authorizationId);
      await after(`${target.displayName} was revoked.`);
    },
  };

  return (
    <div className={styles.page}>
      <div className={styles.top}>
        <div className={styles.heading}>
          <h1 className={styles.title} ref={headingRef} tabIndex={-1}>
            {token.displayName}
          </h1>
          <StatusBadge status={token.status} />
        </div>
        {active && (
          <div className={styles.actions}>
            <Button {...restoreFocusTarget} onClick={() => setOverlay({ kind: "edit", token })}>
              Edit
            </Button>
            <Button {...restoreFocusTarget} onClick={() => setOverlay({ kind: "regenerate", token })}>
              Regenerate
            </Button>
            <Button {...restoreFocusTarget} onClick={() => setOverlay({ kind: "revoke", token })}>
              Revoke
            </Button>
          </div>
        )}
        <div role="status">
          {notice !== null && (
            <MessageBar intent="success" className={styles.notice}>
              <MessageBarBody>{notice}</MessageBarBody>
            </MessageBar>
          )}
        </div>
      </div>
      <TokenFacts token={token} usage={usage} organizations={session.organizations} />
      <UsageChart usage={usage} />
      <ScopesUsed
        usage={usage}
        changeable={active}
        onNarrow={(scope) => setOverlay({ kind: "edit", token, initialScope: scope })}
      />
      <TokenDialogs
        overlay={overlay}
        organizations={session.organizations}
        onClose={close}
        // The page offers no New Token, so nothing is ever created here.
        onCreated={close}
        onSaved={(saved) => void after(`${saved.displayName} was saved.`)}
        onRegenerate={actions.regenerate}
        onRevoke={actions.revoke}
      />
    </div>
  );
}
