/**
 * Create user: username, email, display name (optional), an initial password and whether the
 * account is an instance administrator. Missing fields are named next to them; the server's
 * answer (a taken username, a weak password) is shown in words and the dialog stays open.
 */
import {
  Button,
  Checkbox,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  makeStyles,
} from "@fluentui/react-components";
import { type FormEvent, useState } from "react";
import { ApiError, messageOf } from "../api/http.ts";
import { createUser, type InstanceUser } from "../api/users.ts";
import { FormError } from "../components/FormError.tsx";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: "16px" },
});

type Required = "username" | "email" | "password";
const MISSING: Readonly<Record<Required, string>> = {
  username: "Enter a username.",
  email: "Enter an email address.",
  password: "Enter an initial password.",
};

function createFailure(error: unknown, username: string): string {
  if (error instanceof ApiError && error.status === 409) return `The username "${username}" is taken. Choose another.`;
  return messageOf(error);
}

/** The dialog's surface; the caller owns the Dialog. */
export function CreateUserDialog(props: { onCreated: (user: InstanceUser) => void; onCancel: () => void }) {
  const styles = useStyles();
  const [fields, setFields] = useState({ username: "", email: "", displayName: "", password: "" });
  const [isAdmin, setIsAdmin] = useState(false);
  const [missing, setMissing] = useState<ReadonlySet<Required>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const edit = (name: keyof typeof fields) => (_: unknown, data: { value: string }) => {
    setFields((current) => ({ ...current, [name]: data.value }));
    if (data.value.trim() !== "" && missing.has(name as Required)) {
      setMissing((current) => new Set([...current].filter((field) => field !== name)));
    }
  };
  const validation = (name: Required) =>
    missing.has(name)
      ? { validationState: "error" as const, validationMessage: MISSING[name] }
      : { validationState: "none" as const };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const absent = (["username", "email", "password"] as const).filter((name) => fields[name].trim() === "");
    setMissing(new Set(absent));
    setError(null);
    if (absent.length > 0) return;
    setBusy(true);
    try {
      const displayName = fields.displayName.trim();
      props.onCreated(
        await createUser({
          username: fields.username.trim(),
          email: fields.email.trim(),
          password: fields.password,
          isAdmin,
          ...(displayName === "" ? {} : { displayName }),
        }),
      );
    } catch (failure) {
      setError(createFailure(failure, fields.username.trim()));
      setBusy(false);
    }
  }

  return (
    <DialogSurface>
      <form onSubmit={submit} noValidate>
        <DialogBody>
          <DialogTitle>Create user</DialogTitle>
          <DialogContent className={styles.form}>
            <Field label="Username" required hint="What they sign in with." {...validation("username")}>
              <Input value={fields.username} autoComplete="off" onChange={edit("username")} />
            </Field>
            <Field label="Email" required {...validation("email")}>
              <Input type="email" value={fields.email} autoComplete="off" onChange={edit("email")} />
            </Field>
            <Field label="Display name" hint="Optional; the username is shown without one.">
              <Input value={fields.displayName} autoComplete="off" onChange={edit("displayName")} />
            </Field>
            <Field
              label="Initial password"
              required
              hint="Tell it to the user; they can change it on their profile page."
              {...validation("password")}
            >
              <Input type="password" value={fields.password} autoComplete="new-password" onChange={edit("password")} />
            </Field>
            <Checkbox
              label="Instance administrator (manages users and instance policies)"
              checked={isAdmin}
              onChange={(_, data) => setIsAdmin(data.checked === true)}
            />
            <FormError message={error} />
          </DialogContent>
          <DialogActions>
            <Button type="submit" appearance="primary" disabled={busy}>
              Create
            </Button>
            <Button onClick={props.onCancel}>Cancel</Button>
          </DialogActions>
        </DialogBody>
      </form>
    </DialogSurface>
  );
}
