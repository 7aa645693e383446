/**
 * Add member: a user name (or user id) and a role. The server's answer for an unknown user or
 * one already a member is shown in the dialog, which stays open to correct the name.
 */
import {
  Button,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  makeStyles,
  Select,
} from "@fluentui/react-components";
import { type FormEvent, useState } from "react";
import { ApiError, messageOf } from "../api/http.ts";
import { addMember, MEMBER_ROLES, type Member, type MemberRole } from "../api/members.ts";
import { FormError } from "../components/FormError.tsx";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: "16px" },
});

/** Words for the answers a user can act on; anything else is the server's own message. */
function addFailure(error: unknown, username: string): string {
  if (error instanceof ApiError && error.status === 404) {
    return `There is no user named "${username}". Check the spelling, or ask an instance administrator to create the account.`;
  }
  if (error instanceof ApiError && error.status === 409)
    return `${username} is already a member. Change their role in the list.`;
  return messageOf(error);
}

/** The dialog's surface; the caller owns the Dialog. */
export function AddMemberDialog(props: { org: string; onAdded: (member: Member) => void; onCancel: () => void }) {
  const styles = useStyles();
  const [username, setUsername] = useState("");
  const [role, setRole] = useState<MemberRole>("contributor");
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const name = username.trim();
    setMissing(name === "");
    setError(null);
    if (name === "") return;
    setBusy(true);
    try {
      props.onAdded(await addMember(props.org, name, role));
    } catch (failure) {
      setError(addFailure(failure, name));
      setBusy(false);
    }
  }

  return (
    <DialogSurface>
      <form onSubmit={submit} noValidate>
        <DialogBody>
          <DialogTitle>Add member to {props.org}</DialogTitle>
          <DialogContent className={styles.form}>
            <Field
              label="Username"
              required
              hint="The user's sign-in name (or user id)."
              validationState={missing ? "error" : "none"}
              validationMessage={missing ? "Enter the user's username." : undefined}
            >
              <Input
                value={username}
                autoComplete="off"
                onChange={(_, data) => {
                  setUsername(data.value);
                  if (data.value.trim() !== "") setMissing(false);
                }}
              />
            </Field>
            <Field label="Role" hint={MEMBER_ROLES.find((candidate) => candidate.value === role)?.description}>
              <Select value={role} onChange={(_, data) => setRole(data.value as MemberRole)}>
                {MEMBER_ROLES.map((candidate) => (
                  <option key={candidate.value} value={candidate.value}>
                    {candidate.label}
                  </option>
                ))}
              </Select>
            </Field>
            <FormError message={error} />
          </DialogContent>
          <DialogActions>
            <Button type="submit" appearance="primary" disabled={busy}>
              Add
            </Button>
            <Button onClick={props.onCancel}>Cancel</Button>
          </DialogActions>
        </DialogBody>
      </form>
    </DialogSurface>
  );
}
