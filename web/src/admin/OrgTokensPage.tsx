/**
 * Organization settings → Personal access tokens: every user's tokens in the organization, with
 * search, filters kept in the URL, paging, and the administrator's revocations (selected tokens,
 * one token, all of one user, a revocation rule), each after a confirmation naming what goes.
 * After a dialog the focus returns to what opened it, or (when that is gone) to the list's heading.
 */
import {
  Button,
  MessageBar,
  MessageBarBody,
  makeStyles,
  Spinner,
  Text,
  Title1,
  tokens,
} from "@fluentui/react-components";
import { useCallback, useEffect, useRef, useState } from "react";
import { messageOf } from "../api/http.ts";
import {
  type AdminToken,
  type AdminTokenPage,
  listOrgTokens,
  revokeAllOfUser,
  revokeTokens,
} from "../api/token-admin.ts";
import { FormError } from "../components/FormError.tsx";
import { SettingsLayout } from "../layout/SettingsLayout.tsx";
import { setQueryParam, useLocation } from "../router.ts";
import { type Confirmation, ConfirmRevocation } from "./org-tokens-confirm.tsx";
import { OrgTokenFiltersBar } from "./org-tokens-filters.tsx";
import { OrgTokenList } from "./org-tokens-list.tsx";
import { apiFilters, filtersFromUrl, PAGE_SIZE } from "./org-tokens-query.ts";
import { RevocationRuleForm } from "./org-tokens-rule.tsx";

const useStyles = makeStyles({
  intro: { display: "block", marginBottom: "16px", maxWidth: "760px" },
  summaryRow: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    justifyContent: "space-between",
    gap: "8px",
    marginBottom: "8px",
  },
  summary: { fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold, margin: 0 },
  actions: { display: "flex", flexWrap: "wrap", gap: "8px" },
  paging: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: "8px", marginTop: "12px" },
  status: { marginBottom: "12px" },
});

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;

/** The Personal access tokens settings page of an organization. */
export function OrgTokensPage(props: { org: string }) {
  const styles = useStyles();
  const { org } = props;
  const { search } = useLocation();
  const filters = filtersFromUrl(search);
  const filterKey = JSON.stringify(apiFilters(filters));
  /** Continuation tokens of the pages before the current one (the first page has none). */
  const [pages, setPages] = useState<(string | null)[]>([null]);
  const [listed, setListed] = useState<AdminTokenPage | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [confirmation, setConfirmation] = useState<Confirmation | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [reloads, setReloads] = useState(0);
  const [dialogMounted, setDialogMounted] = useState(false);
  const opener = useRef<HTMLElement | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const current = pages[pages.length - 1] ?? null;

  // A new filter starts again at the first page, with nothing selected.
  // biome-ignore lint/correctness/useExhaustiveDependencies: filterKey stands for the filters.
  useEffect(() => {
    setPages([null]);
    setSelected(new Set());
  }, [filterKey, org]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: filterKey stands for the filters; reloads asks again.
  useEffect(() => {
    let live = true;
    setLoadError(null);
    listOrgTokens(org, JSON.parse(filterKey), { top: PAGE_SIZE, continuationToken: current }).then(
      (page) => live && setListed(page),
      (error: unknown) => {
        if (!live) return;
        setListed(null);
        setLoadError(messageOf(error));
      },
    );
    return () => {
      live = false;
    };
  }, [org, filterKey, current, reloads]);

  // A question asked again before the last one's unmount: that unmount must not close it.
  const unmountTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const unmountDialogSoon = () => {
    clearTimeout(unmountTimer.current);
    unmountTimer.current = setTimeout(() => setDialogMounted(false), 400);
  };

  const ask = useCallback((next: Confirmation) => {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    clearTimeout(unmountTimer.current);
    setDialogMounted(true);
    setConfirmation(next);
  }, []);

  /** After the dialog: back to its opener when it is still there and usable, else to the list's heading. */
  const restoreFocus = (toHeading: boolean) => {
    // The Dialog closes (and gives back the page) first; then it is unmounted.
    unmountDialogSoon();
    setTimeout(() => {
      const back = opener.current;
      const usable =
        back?.isConnected === true && !back.hasAttribute("disabled") && back.getAttribute("aria-disabled") !== "true";
      if (!toHeading && usable) back.focus();
      else heading.current?.focus();
    }, 50);
  };

  const finished = (message: string | null) => {
    setConfirmation(null);
    if (message === null) {
      unmountDialogSoon();
      return;
    }
    setDone(message);
    setSelected(new Set());
    setPages([null]);
    setReloads((count) => count + 1);
    restoreFocus(true);
  };

  const tokensShown = listed?.value ?? [];
  const chosen = tokensShown.filter((token) => selected.has(token.authorizationId));
  const total = listed?.totalCount ?? tokensShown.length;
  const first = (pages.length - 1) * PAGE_SIZE + 1;

  const askRevoke = (revoked: readonly AdminToken[]) => {
    const single = revoked.length === 1 ? revoked[0] : undefined;
    ask({
      title: single === undefined ? `Revoke ${plural(revoked.length, "token")}?` : "Revoke this token?",
      body: (
        <>
          <Text as="p">
            {single === undefined
              ? `These ${plural(revoked.length, "token")} will stop working at once:`
              : `“${single.displayName}” of ${single.owner.username} will stop working at once.`}
          </Text>
          {single === undefined && (
            <ul>
              {revoked.map((token) => (
                <li key={token.authorizationId}>
                  {token.displayName} ({token.owner.username})
                </li>
              ))}
            </ul>
          )}
          <Text as="p">Their owners are told by email. This cannot be undone.</Text>
        </>
      ),
      confirmLabel: single === undefined ? `Revoke ${plural(revoked.length, "token")}` : "Revoke",
      run: async () => {
        await revokeTokens(
          org,
          revoked.map((token) => token.authorizationId),
        );
        return single === undefined
          ? `Revoked ${plural(revoked.length, "token")}.`
          : `Revoked “${single.displayName}” of ${single.owner.username}.`;
      },
    });
  };

  const user = filters.user.trim();
  const askRevokeAll = () =>
    ask({
      title: `Revoke all tokens of ${user}?`,
      body: (
        <Text as="p">
          Every token of {user} that works in {org}, including their tokens for all organizations, will stop working at
          once. They are told by email. This cannot be undone.
        </Text>
      ),
      confirmLabel: `Revoke all tokens of ${user}`,
      run: async () => {
        const count = await revokeAllOfUser(org, user);
        return `Revoked ${plural(count, "token")} of ${user}.`;
      },
    });

  return (
    <SettingsLayout place={{ kind: "org", org, section: "tokens" }} title="Personal access tokens">
      <Title1 as="h1">Personal access tokens</Title1>
      <Text as="p" className={styles.intro}>
        Every personal access token that works in {org}, whoever owns it. Revoking one stops it at once; its owner is
        told. Token values are never shown here.
      </Text>
      <OrgTokenFiltersBar filters={filters} />
      <div role="status" className={styles.status}>
        {done !== null && (
          <MessageBar intent="success">
            <MessageBarBody>{done}</MessageBarBody>
          </MessageBar>
        )}
      </div>
      <div className={styles.summaryRow}>
        <h2 ref={heading} tabIndex={-1} className={styles.summary}>
          {listed === null ? "Tokens" : total === 0 ? "No tokens match" : plural(total, "token")}
        </h2>
        <div className={styles.actions}>
          <Button disabled={chosen.length === 0} onClick={() => askRevoke(chosen)}>
            {chosen.length === 0 ? "Revoke selected" : `Revoke selected (${chosen.length})`}
          </Button>
          {user !== "" && <Button onClick={askRevokeAll}>Revoke all tokens of {user}</Button>}
        </div>
      </div>
      <FormError message={loadError} />
      {listed === null && loadError === null && <Spinner label="Loading tokens" />}
      {listed !== null && tokensShown.length > 0 && (
        <OrgTokenList
          tokens={tokensShown}
          selected={selected}
          onSelect={(authorizationId, on) =>
            setSelected((before) => {
              const next = new Set(before);
              if (on) next.add(authorizationId);
              else next.delete(authorizationId);
              return next;
            })
          }
          onSelectAll={(on) =>
            setSelected(
              on
                ? new Set(
                    tokensShown.filter((token) => token.status === "active").map((token) => token.authorizationId),
                  )
                : new Set(),
            )
          }
          onRevoke={(token) => askRevoke([token])}
          onShowUser={(username) => setQueryParam("user", username)}
        />
      )}
      {listed !== null && (pages.length > 1 || listed.continuationToken !== null) && (
        <nav className={styles.paging} aria-label="Pages">
          <Button disabled={pages.length === 1} onClick={() => setPages((before) => before.slice(0, -1))}>
            Previous page
          </Button>
          <Text>{tokensShown.length === 0 ? "" : `${first}–${first + tokensShown.length - 1} of ${total}`}</Text>
          <Button
            disabled={listed.continuationToken === null}
            onClick={() => setPages((before) => [...before, listed.continuationToken])}
          >
            Next page
          </Button>
        </nav>
      )}
      <RevocationRuleForm org={org} ask={ask} />
      {/* Mounted only around a question: a closed dialog has nothing to do on the page (the root's focus guards it once brought now exist from the start: components/focus-guards.ts). */}
      {dialogMounted && (
        <ConfirmRevocation
          confirmation={confirmation}
          onDone={finished}
          onCancel={() => {
            setConfirmation(null);
            restoreFocus(false);
          }}
        />
      )}
    </SettingsLayout>
  );
}
