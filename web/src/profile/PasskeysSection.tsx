/**
 * Profile → Passkeys: the user's passkeys (name, created, last used), adding one (behind the
 * current password), renaming, and removing after a confirmation. Removing needs no password:
 * it can only take a way in away.
 */
import {
  Body1,
  Button,
  Dialog,
  MessageBar,
  MessageBarBody,
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Title3,
} from "@fluentui/react-components";
import { browserSupportsWebAuthn } from "@simplewebauthn/browser";
import { useCallback, useEffect, useState } from "react";
import { messageOf } from "../api/http.ts";
import { listPasskeys, type Passkey, type PasskeyList, removePasskey } from "../api/passkeys.ts";
import { FormError } from "../components/FormError.tsx";
import { ConfirmDialog } from "../tokens/ConfirmDialog.tsx";
import { formatDateTime } from "../tokens/format.ts";
import { AddPasskeyDialog } from "./AddPasskeyDialog.tsx";
import { RenamePasskeyDialog } from "./RenamePasskeyDialog.tsx";

const useStyles = makeStyles({
  section: { marginTop: "24px", maxWidth: "640px" },
  body: { display: "flex", flexDirection: "column", gap: "12px", marginTop: "12px" },
  add: { alignSelf: "flex-start" },
  actions: { display: "flex", gap: "4px" },
});

type Overlay = { kind: "add" } | { kind: "rename" | "remove"; passkey: Passkey } | null;

/** The Passkeys section of the profile page. */
export function PasskeysSection() {
  const styles = useStyles();
  const [list, setList] = useState<PasskeyList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [overlay, setOverlay] = useState<Overlay>(null);
  const [status, setStatus] = useState<string | null>(null);

  const load = useCallback(() => {
    listPasskeys().then(setList, (failure: unknown) => setError(messageOf(failure)));
  }, []);
  useEffect(load, [load]);

  const done = (message: string) => {
    setOverlay(null);
    setStatus(message);
    load();
  };
  const canAdd = list?.available === true && browserSupportsWebAuthn();

  return (
    <section className={styles.section} aria-labelledby="profile-passkeys">
      <Title3 as="h2" id="profile-passkeys">
        Passkeys
      </Title3>
      <div className={styles.body}>
        <Body1 as="p">Sign in with your fingerprint, face or device PIN instead of your password.</Body1>
        <FormError message={error} />
        {list !== null && !list.available && (
          <MessageBar intent="info">
            <MessageBarBody>
              Passkeys need Patina to be reached by a domain name, not an IP address. Ask your administrator.
            </MessageBarBody>
          </MessageBar>
        )}
        {list !== null && list.count === 0 && <Body1 as="p">You have no passkeys yet.</Body1>}
        {list !== null && list.count > 0 && (
          <Table aria-labelledby="profile-passkeys" size="small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Name</TableHeaderCell>
                <TableHeaderCell>Created</TableHeaderCell>
                <TableHeaderCell>Last used</TableHeaderCell>
                <TableHeaderCell>Actions</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {list.value.map((passkey) => (
                <TableRow key={passkey.id}>
                  <TableCell>{passkey.name}</TableCell>
                  <TableCell>{formatDateTime(passkey.createdAt)}</TableCell>
                  <TableCell>{passkey.lastUsedAt === null ? "Never" : formatDateTime(passkey.lastUsedAt)}</TableCell>
                  <TableCell>
                    <div className={styles.actions}>
                      <Button
                        size="small"
                        aria-label={`Rename ${passkey.name}`}
                        onClick={() => setOverlay({ kind: "rename", passkey })}
                      >
                        Rename
                      </Button>
                      <Button
                        size="small"
                        aria-label={`Remove ${passkey.name}`}
                        onClick={() => setOverlay({ kind: "remove", passkey })}
                      >
                        Remove
                      </Button>
                    </div>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        <div role="status">
          {status !== null && (
            <MessageBar intent="success">
              <MessageBarBody>{status}</MessageBarBody>
            </MessageBar>
          )}
        </div>
        {canAdd && (
          <Button
            className={styles.add}
            onClick={() => {
              setStatus(null);
              setOverlay({ kind: "add" });
            }}
          >
            Add a passkey
          </Button>
        )}
      </div>
      <Dialog open={overlay !== null} modalType="alert" onOpenChange={(_, data) => !data.open && setOverlay(null)}>
        <OverlayContent overlay={overlay} onDone={done} onCancel={() => setOverlay(null)} />
      </Dialog>
    </section>
  );
}

/** The open dialog's surface (a component, so that the Dialog always gets one element). */
function OverlayContent(props: { overlay: Overlay; onDone: (message: string) => void; onCancel: () => void }) {
  const { overlay } = props;
  if (overlay === null) return null;
  if (overlay.kind === "add") {
    return <AddPasskeyDialog onAdded={(p) => props.onDone(`Passkey "${p.name}" added.`)} onCancel={props.onCancel} />;
  }
  const { passkey } = overlay;
  if (overlay.kind === "rename") {
    return (
      <RenamePasskeyDialog
        passkey={passkey}
        onRenamed={() => props.onDone("Passkey renamed.")}
        onCancel={props.onCancel}
      />
    );
  }
  return (
    <ConfirmDialog
      title="Remove passkey?"
      confirmLabel="Remove passkey"
      destructive
      onConfirm={async () => {
        await removePasskey(passkey.id);
        props.onDone(`Passkey "${passkey.name}" removed.`);
      }}
      onCancel={props.onCancel}
    >
      <p>
        You will no longer be able to sign in with <strong>{passkey.name}</strong>. Remove it from the device or
        password manager too.
      </p>
    </ConfirmDialog>
  );
}
