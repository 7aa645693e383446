/**
 * Instance settings → Users (instance administrators): every local account, with search (in the
 * URL), Create user, and Disable or Enable after a confirmation. A disabled user cannot sign in
 * and their tokens stop working; one's own account cannot be disabled.
 */
import {
  Body1,
  Button,
  Dialog,
  MessageBar,
  MessageBarBody,
  makeStyles,
  Spinner,
  tokens,
  typographyStyles,
  useRestoreFocusTarget,
} from "@fluentui/react-components";
import { useCallback, useRef, useState } from "react";
import { type InstanceUser, listUsers, setUserDisabled } from "../api/users.ts";
import { FormError } from "../components/FormError.tsx";
import { focusWhenSettled, useFocusOnArrival } from "../components/focus-keeper.ts";
import { SettingsLayout } from "../layout/SettingsLayout.tsx";
import { useLocation } from "../router.ts";
import { useSession } from "../session-context.tsx";
import { ConfirmDialog } from "../tokens/ConfirmDialog.tsx";
import { type Page, usePagedList } from "./members-paged-list.ts";
import { SEARCH_PARAM, SearchBox } from "./members-search-box.tsx";
import { CreateUserDialog } from "./users-create-dialog.tsx";
import { toggleButtonId, UsersTable } from "./users-table.tsx";

const useStyles = makeStyles({
  // A plain h1 with Title1's type, so it can take focus on arrival (members-focus.ts). It is not
  // in the tab order and does nothing, so it shows no focus ring (which would read as a control).
  title: { ...typographyStyles.title1, margin: 0, ":focus": { outlineStyle: "none" } },
  intro: { color: tokens.colorNeutralForeground2, maxWidth: "72ch", display: "block", margin: "8px 0 16px" },
  toolbar: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "flex-end",
    justifyContent: "space-between",
    gap: "12px",
    margin: "16px 0",
  },
  more: { display: "flex", justifyContent: "center", margin: "16px 0" },
  notice: { margin: "8px 0" },
});

const loadUsers = async (search: string, token: string | null): Promise<Page<InstanceUser>> => {
  const page = await listUsers(search, token);
  return { items: page.users, continuationToken: page.continuationToken };
};

/** A Dialog's child before it first opens (a closed Dialog renders nothing of it). */
function EmptySurface() {
  return null;
}

/** The instance's Users settings page. */
export function InstanceUsersPage() {
  const styles = useStyles();
  const { session } = useSession();
  const search = useLocation().search.get(SEARCH_PARAM) ?? "";
  const list = usePagedList(useCallback(loadUsers, []), search);
  const [creating, setCreating] = useState(false);
  // A fresh form each time Create user opens; the old one stays while the dialog animates out.
  const [createRound, setCreateRound] = useState(0);
  const [toggling, setToggling] = useState<InstanceUser | null>(null);
  const [shownToggle, setShownToggle] = useState<InstanceUser | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const restoreFocusTarget = useRestoreFocusTarget();
  const heading = useRef<HTMLHeadingElement>(null);
  useFocusOnArrival(heading);

  if (toggling !== null && toggling !== shownToggle) setShownToggle(toggling);

  async function toggle(user: InstanceUser) {
    const changed = await setUserDisabled(user.id, !user.isDisabled);
    list.update((item) => item.id === user.id, changed);
    setNotice(
      changed.isDisabled
        ? `${user.username} is disabled: they cannot sign in and their tokens no longer work.`
        : `${user.username} is enabled again.`,
    );
    setToggling(null);
    // The row's button now says the opposite; focus stays on it for the next step.
    focusWhenSettled(() => document.getElementById(toggleButtonId(changed)), "always");
  }

  return (
    <SettingsLayout place={{ kind: "instance", section: "users" }} title="Users">
      <h1 className={styles.title} tabIndex={-1} ref={heading}>
        Users
      </h1>
      <Body1 className={styles.intro}>
        Every account on this Patina. A disabled user cannot sign in and their personal access tokens stop working until
        the account is enabled again. Organization membership is managed in each organization's settings.
      </Body1>
      <div className={styles.toolbar}>
        <SearchBox label="Search users" hint="Name, username or email" value={search} />
        <Button
          appearance="primary"
          {...restoreFocusTarget}
          onClick={() => {
            setCreateRound((round) => round + 1);
            setCreating(true);
          }}
        >
          Create user
        </Button>
      </div>
      <div role="status" className={styles.notice}>
        {notice !== null && (
          <MessageBar intent="success">
            <MessageBarBody>{notice}</MessageBarBody>
          </MessageBar>
        )}
      </div>
      <FormError message={list.error} />
      {list.loading ? (
        <Spinner label="Loading users" />
      ) : list.items.length === 0 ? (
        <Body1>{search === "" ? "There are no users." : `No user matches "${search}".`}</Body1>
      ) : (
        <UsersTable
          users={list.items}
          selfId={session.user.id}
          onToggle={(user) => {
            setNotice(null);
            setToggling(user);
          }}
        />
      )}
      {list.hasMore && (
        <div className={styles.more}>
          <Button onClick={list.loadMore} disabled={list.loadingMore}>
            {list.loadingMore ? "Loading…" : "Load more"}
          </Button>
        </div>
      )}
      <Dialog open={creating} onOpenChange={(_, data) => !data.open && setCreating(false)}>
        {createRound > 0 ? (
          <CreateUserDialog
            key={createRound}
            onCancel={() => setCreating(false)}
            onCreated={(user) => {
              setCreating(false);
              setNotice(`${user.username} was created. They can sign in with the password you chose.`);
              list.reload();
            }}
          />
        ) : (
          <EmptySurface />
        )}
      </Dialog>
      <Dialog modalType="alert" open={toggling !== null} onOpenChange={(_, data) => !data.open && setToggling(null)}>
        {shownToggle !== null ? (
          <ConfirmDialog
            key={`${shownToggle.id}-${shownToggle.isDisabled}`}
            title={shownToggle.isDisabled ? `Enable ${shownToggle.username}?` : `Disable ${shownToggle.username}?`}
            confirmLabel={shownToggle.isDisabled ? "Enable user" : "Disable user"}
            destructive={!shownToggle.isDisabled}
            onCancel={() => setToggling(null)}
            onConfirm={() => toggle(shownToggle)}
          >
            {shownToggle.isDisabled
              ? `${shownToggle.username} can sign in again, and their tokens that have not expired or been revoked work again.`
              : `${shownToggle.username} is signed out, cannot sign in, and their personal access tokens stop working. You can enable the account again later.`}
          </ConfirmDialog>
        ) : (
          <EmptySurface />
        )}
      </Dialog>
    </SettingsLayout>
  );
}
