/**
 * User settings → Personal access tokens: the list (a table, or cards on a phone) with its
 * search, filter, sort and count kept in the URL, pages of 20, expiry warnings, New Token,
 * Revoke all, and per token Edit, Regenerate (the new value shown once) and Revoke. Every change
 * shows in the list at once and is confirmed in words.
 */
import { Button, makeStyles, Spinner, Subtitle1, tokens, typographyStyles } from "@fluentui/react-components";
import { useCallback, useEffect, useRef, useState } from "react";
import { revokeAllTokens } from "../api/token-list.ts";
import { type PatToken, regenerateToken, revokeToken } from "../api/tokens.ts";
import { FormError } from "../components/FormError.tsx";
import { focusWhenSettled } from "../components/focus-keeper.ts";
import { UserSettingsLayout } from "../layout/UserSettingsLayout.tsx";
import { setQueryParam, useLocation } from "../router.ts";
import { useSession } from "../session-context.tsx";
import { ExpiryBanner } from "../tokens/ExpiryBanner.tsx";
import { expiresWithin, noticeWindowDays } from "../tokens/expiry.ts";
import { type ListView, readView, viewParams } from "../tokens/list-params.ts";
import { RevokeAllDialog } from "../tokens/RevokeAllDialog.tsx";
import { StatusMessage } from "../tokens/StatusMessage.tsx";
import { TokenCards } from "../tokens/TokenCards.tsx";
import { TokenDialogs, type TokenOverlay } from "../tokens/TokenDialogs.tsx";
import { TokenListEmpty } from "../tokens/TokenListEmpty.tsx";
import { TokenTable } from "../tokens/TokenTable.tsx";
import { TokenToolbar } from "../tokens/TokenToolbar.tsx";
import { useExpiringTokens } from "../tokens/useExpiringTokens.ts";
import { useNarrow } from "../tokens/useNarrow.ts";
import { useTokenList } from "../tokens/useTokenList.ts";

const useStyles = makeStyles({
  heading: { ...typographyStyles.title1, margin: "0 0 16px", ":focus": { outlineStyle: "none" } },
  intro: { color: tokens.colorNeutralForeground2, maxWidth: "72ch" },
  count: { display: "block", margin: "8px 0 12px", ":focus": { outlineStyle: "none" } },
  more: { marginTop: "16px" },
});

export interface TokensPageProps {
  /** The organization named in the URL (`/{org}/_usersSettings/tokens`), if any. */
  org?: string;
}

const COUNT_ID = "token-count";

/** The personal access tokens page. */
export function TokensPage(props: TokensPageProps) {
  const styles = useStyles();
  const { session } = useSession();
  const named = props.org?.toLowerCase();
  const org = (session.organizations.find((o) => o.name === named) ?? session.organizations[0])?.name;
  const { search } = useLocation();
  const view = readView(search);
  const list = useTokenList(org, view);
  const narrow = useNarrow();
  const [version, setVersion] = useState(0);
  const expiring = useExpiringTokens(org, version);
  const [overlay, setOverlay] = useState<TokenOverlay>(null);
  const [revokingAll, setRevokingAll] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const close = useCallback(() => setOverlay(null), []);
  const heading = useRef<HTMLHeadingElement>(null);

  // Arriving here (after sign-in, or from a link) focus lands on the page's heading rather than
  // staying on <body> (see tokens/focus.ts for why <body> must never keep it).
  useEffect(() => {
    if (document.activeElement === null || document.activeElement === document.body) heading.current?.focus();
  }, []);

  const windowDays = noticeWindowDays(session.expiryNoticeDays ?? []);
  const now = new Date();
  const expiresSoon = (token: PatToken) => expiresWithin(token, windowDays, now);

  const changeView = (changes: Partial<ListView>) => {
    const params = viewParams({ ...view, ...changes });
    for (const [name, value] of Object.entries(params)) setQueryParam(name, value);
  };
  /** After every change: the list and the banner read again, and the change is said in words. */
  const changed = (words: string) => {
    setMessage(words);
    setVersion((v) => v + 1);
    void list.refresh();
  };

  const { state } = list;
  const actions = {
    regenerate: async (token: PatToken) => {
      const fresh = await regenerateToken(org ?? "", token.authorizationId);
      setOverlay({ kind: "secret", token: fresh, regenerated: true });
      changed(`Regenerated “${token.displayName}”. Its old value no longer works.`);
    },
    revoke: async (token: PatToken) => {
      await revokeToken(org ?? "", token.authorizationId);
      // The row's own buttons go with it: focus moves to the next row's Revoke, else the count.
      const index = state.tokens.findIndex((t) => t.authorizationId === token.authorizationId);
      const neighbour = state.tokens[index + 1] ?? state.tokens[index - 1];
      list.applyChange({ ...token, status: "revoked" });
      setOverlay(null);
      changed(`Revoked “${token.displayName}”. It no longer works anywhere.`);
      focusWhenSettled(() => {
        const next =
          neighbour === undefined
            ? null
            : document.querySelector<HTMLElement>(
                `[data-token-id="${neighbour.authorizationId}"] [data-token-action="revoke"]`,
              );
        return next ?? document.getElementById(COUNT_ID) ?? heading.current;
      }, "always");
    },
    revokeAll: async () => {
      const count = await revokeAllTokens(org ?? "");
      setRevokingAll(false);
      changed(count === 1 ? "Revoked 1 token." : `Revoked ${count} tokens.`);
      focusWhenSettled(() => document.getElementById(COUNT_ID) ?? heading.current, "always");
    },
  };

  /** Loads the next page and takes focus to its first token, where reading goes on. */
  const loadMore = async () => {
    const before = state.tokens.length;
    await list.loadMore();
    requestAnimationFrame(() => {
      const first = document.querySelectorAll("[data-token-id]")[before];
      first?.querySelector<HTMLElement>("a")?.focus();
    });
  };

  const total = state.totalCount;
  const activeCount = view.filter === "active" ? total : null;
  return (
    <UserSettingsLayout title="Personal access tokens" trail={[{ label: "Personal access tokens" }]}>
      <h1 ref={heading} tabIndex={-1} className={styles.heading}>
        Personal access tokens
      </h1>
      <ExpiryBanner expiring={expiring} />
      <p className={styles.intro}>
        Use a personal access token instead of a password: with git, curl, or in the Authorization header of REST calls.
        A token can do only what its scopes allow, and never more than you can.
      </p>
      <StatusMessage message={message} onDismiss={() => setMessage(null)} />
      {org === undefined ? (
        <FormError message="You are not a member of any organization yet, and tokens target organizations. Ask an administrator to add you to one." />
      ) : (
        <>
          <TokenToolbar
            view={view}
            canRevokeAll={activeCount !== 0}
            onNewToken={() => setOverlay({ kind: "new" })}
            onRevokeAll={() => setRevokingAll(true)}
            onView={changeView}
          />
          <FormError message={state.error} />
          {total !== null && (
            <Subtitle1 as="h2" id={COUNT_ID} tabIndex={-1} className={styles.count}>
              {total === 1 ? "1 token" : `${total} tokens`}
            </Subtitle1>
          )}
          {state.tokens.length > 0 &&
            (narrow ? (
              <TokenCards
                tokens={state.tokens}
                organizations={session.organizations}
                expiresSoon={expiresSoon}
                onAction={(kind, token) => setOverlay({ kind, token })}
              />
            ) : (
              <TokenTable
                tokens={state.tokens}
                organizations={session.organizations}
                sortBy={view.sortBy}
                ascending={view.ascending}
                onSort={(field) =>
                  changeView({ sortBy: field, ascending: view.sortBy === field ? !view.ascending : true })
                }
                expiresSoon={expiresSoon}
                onAction={(kind, token) => setOverlay({ kind, token })}
              />
            ))}
          {state.loading && <Spinner size="small" label="Loading tokens" />}
          {!state.loading && state.tokens.length === 0 && state.error === null && (
            <TokenListEmpty
              filter={view.filter}
              searched={view.search.trim() !== ""}
              onCreate={() => setOverlay({ kind: "new" })}
            />
          )}
          {state.continuationToken !== null && (
            <Button className={styles.more} disabledFocusable={state.loading} onClick={() => void loadMore()}>
              Load more
            </Button>
          )}
        </>
      )}
      <TokenDialogs
        overlay={overlay}
        organizations={session.organizations}
        onClose={close}
        onCreated={(token, requestedValidTo) => {
          setOverlay({ kind: "secret", token, regenerated: false, requestedValidTo });
          changed(`Created “${token.displayName}”.`);
        }}
        onSaved={(token) => {
          list.applyChange(token);
          setOverlay(null);
          changed(`Saved “${token.displayName}”.`);
        }}
        onRegenerate={actions.regenerate}
        onRevoke={actions.revoke}
      />
      <RevokeAllDialog
        open={revokingAll}
        activeCount={activeCount}
        onConfirm={actions.revokeAll}
        onClose={() => setRevokingAll(false)}
      />
    </UserSettingsLayout>
  );
}
