/**
 * Organization settings → Users: the organization's members with search (in the URL), Add
 * member, a role Select per row, and Remove after a confirmation. A removed member's tokens stop
 * working in the organization at once; the server keeps at least one administrator and says so
 * when a change would leave none, and the page shows that in words.
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
import { messageOf } from "../api/http.ts";
import {
  changeMemberRole,
  listMembers,
  MEMBER_ROLES,
  type Member,
  type MemberRole,
  removeMember,
} from "../api/members.ts";
import { FormError } from "../components/FormError.tsx";
import { focusWhenSettled, useFocusOnArrival } from "../components/focus-keeper.ts";
import { SettingsLayout } from "../layout/SettingsLayout.tsx";
import { useLocation } from "../router.ts";
import { useSession } from "../session-context.tsx";
import { ConfirmDialog } from "../tokens/ConfirmDialog.tsx";
import { AddMemberDialog } from "./members-add-dialog.tsx";
import { type Page, usePagedList } from "./members-paged-list.ts";
import { SEARCH_PARAM, SearchBox } from "./members-search-box.tsx";
import { MembersTable } from "./members-table.tsx";

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

type Overlay = null | { kind: "add" } | { kind: "remove"; member: Member };

const roleLabel = (role: MemberRole) => MEMBER_ROLES.find((candidate) => candidate.value === role)?.label ?? role;

/** A Dialog's child before it first opens (a closed Dialog renders nothing of it). */
function EmptySurface() {
  return null;
}

/** The organization's Users settings page. */
export function MembersPage(props: { org: string }) {
  const styles = useStyles();
  const { org } = props;
  const { session, refresh } = useSession();
  const search = useLocation().search.get(SEARCH_PARAM) ?? "";
  const load = useCallback(
    async (text: string, token: string | null): Promise<Page<Member>> => {
      const page = await listMembers(org, text, token);
      return { items: page.members, continuationToken: page.continuationToken };
    },
    [org],
  );
  const list = usePagedList(load, search);
  const [overlay, setOverlay] = useState<Overlay>(null);
  const [shownRemoval, setShownRemoval] = useState<Member | null>(null);
  // A fresh Add member form each time it opens; the old one stays while the dialog animates out.
  const [addRound, setAddRound] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busyUserId, setBusyUserId] = useState<string | null>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useFocusOnArrival(heading);
  const restoreFocusTarget = useRestoreFocusTarget();

  if (overlay?.kind === "remove" && overlay.member !== shownRemoval) setShownRemoval(overlay.member);
  const close = () => setOverlay(null);

  async function changeRole(member: Member, role: MemberRole) {
    setBusyUserId(member.userId);
    setError(null);
    setNotice(null);
    try {
      const changed = await changeMemberRole(org, member.userId, role);
      list.update((item) => item.userId === member.userId, changed);
      setNotice(`${member.username} is now ${roleLabel(changed.role)}.`);
      // Demoting oneself ends one's own access to these settings; the shell shows that.
      if (member.userId === session.user.id) await refresh();
    } catch (failure) {
      // The Select still shows the old role: the list row did not change.
      setError(`${member.username} stays ${roleLabel(member.role)}: ${messageOf(failure)}`);
    } finally {
      setBusyUserId(null);
    }
  }

  async function remove(member: Member) {
    await removeMember(org, member.userId);
    list.update((item) => item.userId === member.userId, null);
    setNotice(`${member.username} was removed from ${org}. Their tokens no longer work here.`);
    setOverlay(null);
    // The row and its Remove button are gone; focus goes to the page's main action instead.
    focusWhenSettled(() => addButton.current, "always");
    if (member.userId === session.user.id) await refresh();
  }

  return (
    <SettingsLayout place={{ kind: "org", org, section: "users" }} title="Users">
      <h1 className={styles.title} tabIndex={-1} ref={heading}>
        Users
      </h1>
      <Body1 className={styles.intro}>
        The members of {org} and their roles. Readers can read, contributors can also push code, administrators can also
        change these settings. Removing a member stops their tokens from working in {org}.
      </Body1>
      <div className={styles.toolbar}>
        <SearchBox label="Search members" hint="Name, username or email" value={search} />
        <Button
          appearance="primary"
          ref={addButton}
          {...restoreFocusTarget}
          onClick={() => {
            setAddRound((round) => round + 1);
            setOverlay({ kind: "add" });
          }}
        >
          Add member
        </Button>
      </div>
      <div role="status" className={styles.notice}>
        {notice !== null && (
          <MessageBar intent="success">
            <MessageBarBody>{notice}</MessageBarBody>
          </MessageBar>
        )}
      </div>
      <FormError message={error ?? list.error} />
      {list.loading ? (
        <Spinner label="Loading members" />
      ) : list.items.length === 0 ? (
        <Body1>{search === "" ? "This organization has no members." : `No member matches "${search}".`}</Body1>
      ) : (
        <MembersTable
          members={list.items}
          selfId={session.user.id}
          busyUserId={busyUserId}
          onRoleChange={changeRole}
          onRemove={(member) => {
            setNotice(null);
            setError(null);
            setOverlay({ kind: "remove", member });
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
      <Dialog open={overlay?.kind === "add"} onOpenChange={(_, data) => !data.open && close()}>
        {addRound > 0 ? (
          <AddMemberDialog
            key={addRound}
            org={org}
            onCancel={close}
            onAdded={(member) => {
              setOverlay(null);
              setError(null);
              setNotice(`${member.username} was added as ${roleLabel(member.role)}.`);
              list.reload();
            }}
          />
        ) : (
          <EmptySurface />
        )}
      </Dialog>
      <Dialog modalType="alert" open={overlay?.kind === "remove"} onOpenChange={(_, data) => !data.open && close()}>
        {shownRemoval !== null ? (
          <ConfirmDialog
            key={shownRemoval.userId}
            title={`Remove ${shownRemoval.username} from ${org}?`}
            confirmLabel="Remove member"
            destructive
            onCancel={close}
            onConfirm={() => remove(shownRemoval)}
          >
            {shownRemoval.username} loses access to {org} at once, and their personal access tokens stop working here.
            Their account and their access to other organizations stay.
          </ConfirmDialog>
        ) : (
          <EmptySurface />
        )}
      </Dialog>
    </SettingsLayout>
  );
}
