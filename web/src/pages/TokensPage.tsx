/**
 * User settings → Personal access tokens: the list with its filter and sort, New Token, and per
 * token Edit, Regenerate (the new value shown once) and Revoke (after a confirmation).
 */
import {
  Button,
  Field,
  makeStyles,
  Select,
  Spinner,
  Title1,
  tokens,
  useRestoreFocusTarget,
} from "@fluentui/react-components";
import { useCallback, useState } from "react";
import { ApiError } from "../api/http.ts";

import { type PatToken, regenerateToken, revokeToken, type StatusFilter } from "../api/tokens.ts";
import { FormError } from "../components/FormError.tsx";
import { UserSettingsLayout } from "../layout/UserSettingsLayout.tsx";
import { useSession } from "../session-context.tsx";
import { TokenDialogs, type TokenOverlay } from "../tokens/TokenDialogs.tsx";
import { TokenListEmpty } from "../tokens/TokenListEmpty.tsx";
import { TokenTable } from "../tokens/TokenTable.tsx";
import { useTokenList } from "../tokens/useTokenList.ts";

const useStyles = makeStyles({
  intro: { color: tokens.colorNeutralForeground2, maxWidth: "72ch" },
  toolbar: { display: "flex", alignItems: "flex-end", gap: "24px", margin: "16px 0" },
});

const FILTERS: readonly { value: StatusFilter; label: string }[] = [
  { value: "active", label: "Active" },
  { value: "expired", label: "Expired" },
  { value: "revoked", label: "Revoked" },
  { value: "all", label: "All" },
];

export interface TokensPageProps {
  /** The organization named in the URL (`/{org}/_usersSettings/tokens`), if any. */
  org?: string;
}

/** The personal access tokens page. */
export function TokensPage(props: TokensPageProps) {
  const styles = useStyles();
  const { session } = useSession();
  // The 401 of an ended session is handled by the app shell (api/http.ts); nothing to do here.
  const onSessionLost = useCallback(() => undefined, []);
  const named = props.org?.toLowerCase();
  const org = (session.organizations.find((o) => o.name === named) ?? session.organizations[0])?.name;
  const list = useTokenList(org, onSessionLost);
  const [overlay, setOverlay] = useState<TokenOverlay>(null);
  const close = useCallback(() => setOverlay(null), []);
  // Closing the panel returns focus to the button that opened it.
  const restoreFocusTarget = useRestoreFocusTarget();

  // A 401 during an action means the session ended; anything else is shown where it happened.
  const guarded = async <T,>(action: () => Promise<T>): Promise<T> => {
    try {
      return await action();
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) onSessionLost();
      throw error;
    }
  };

  const actions = {
    regenerate: async (token: PatToken) => {
      const fresh = await guarded(() => regenerateToken(org ?? "", token.authorizationId));
      setOverlay({ kind: "secret", token: fresh, regenerated: true });
      void list.reload();
    },
    revoke: async (token: PatToken) => {
      await guarded(() => revokeToken(org ?? "", token.authorizationId));
      // The row stays in view, marked Revoked, until the list is next loaded.
      list.replaceToken({ ...token, status: "revoked" });
      setOverlay(null);
    },
  };

  const { state } = list;
  return (
    <UserSettingsLayout title="Personal access tokens" trail={[{ label: "Personal access tokens" }]}>
      <Title1 as="h1">Personal access tokens</Title1>
      <p className={styles.intro}>
        Use a personal access token instead of a password: with git, curl, or in the Authorization header of REST calls.
        A token can do only what its scopes allow, and never more than you can.
      </p>
      {org === undefined ? (
        <FormError message="You are not a member of any organization yet, and tokens target organizations. Ask an administrator to add you to one." />
      ) : (
        <>
          <div className={styles.toolbar}>
            <Button appearance="primary" {...restoreFocusTarget} onClick={() => setOverlay({ kind: "new" })}>
              New Token
            </Button>
            <Field label="Status filter">
              <Select value={state.filter} onChange={(_, data) => list.setFilter(data.value as StatusFilter)}>
                {FILTERS.map((filter) => (
                  <option key={filter.value} value={filter.value}>
                    {filter.label}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
          <FormError message={state.error} />
          {state.tokens.length > 0 && (
            <TokenTable
              tokens={state.tokens}
              organizations={session.organizations}
              sortBy={state.sortBy}
              ascending={state.ascending}
              onSort={list.sortBy}
              onAction={(kind, token) => setOverlay({ kind, token })}
            />
          )}
          {state.loading && <Spinner size="small" label="Loading tokens" />}
          {!state.loading && state.tokens.length === 0 && state.error === null && (
            <TokenListEmpty filter={state.filter} onCreate={() => setOverlay({ kind: "new" })} />
          )}
          {state.continuationToken !== null && !state.loading && (
            <Button onClick={() => void list.loadMore()}>Load more</Button>
          )}
        </>
      )}
      <TokenDialogs
        overlay={overlay}
        organizations={session.organizations}
        onClose={close}
        onCreated={(token, requestedValidTo) => {
          setOverlay({ kind: "secret", token, regenerated: false, requestedValidTo });
          void list.reload();
        }}
        onSaved={(token) => {
          list.replaceToken(token);
          void list.reload();
          setOverlay(null);
        }}
        onRegenerate={actions.regenerate}
        onRevoke={actions.revoke}
      />
    </UserSettingsLayout>
  );
}
