/**
 * The New Token / Edit panel. Checks the form, calls the lifecycle API, and shows every error
 * next to the field it concerns. A created token goes to the caller, which shows its value once.
 */
import {
  Button,
  DrawerBody,
  DrawerFooter,
  DrawerHeader,
  DrawerHeaderTitle,
  Field,
  Input,
  Select,
} from "@fluentui/react-components";
import { type FormEvent, useMemo, useState } from "react";
import type { SessionOrganization } from "../api/session.ts";
import { createToken, type PatToken, updateToken } from "../api/tokens.ts";
import { FormError } from "../components/FormError.tsx";
import { ExpirationField } from "./ExpirationField.tsx";
import { ALL_ORGANIZATIONS_LABEL } from "./format.ts";
import { patErrorToFields } from "./pat-error-words.ts";
import { ScopePicker } from "./ScopePicker.tsx";
import {
  ALL_ORGS,
  checkForm,
  createRequest,
  editTokenValues,
  type FieldErrors,
  newTokenValues,
  type TokenFormValues,
  updateRequest,
} from "./token-form.ts";

const FORM_ID = "token-form";

export interface TokenFormPanelProps {
  /** The token to edit; absent for New Token. */
  editing?: PatToken;
  /** When editing, the scope the form starts with instead of the token's (e.g. a narrowing suggestion). */
  initialScope?: string;
  organizations: readonly SessionOrganization[];
  onClose: () => void;
  /** A new token, with its value, and the expiry that was asked for (the server may clamp it). */
  onCreated: (token: PatToken, requestedValidTo: string) => void;
  onSaved: (token: PatToken) => void;
}

/** The panel's content (the caller owns the drawer, so that it can close with its animation). */
export function TokenFormPanel(props: TokenFormPanelProps) {
  const { editing, organizations } = props;
  const original = useMemo(
    () => (editing ? editTokenValues(editing, organizations) : newTokenValues(organizations)),
    [editing, organizations],
  );
  const [values, setValues] = useState<TokenFormValues>(() =>
    editing && props.initialScope !== undefined
      ? editTokenValues({ ...editing, scope: props.initialScope }, organizations)
      : original,
  );
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const change = (changes: Partial<TokenFormValues>) => setValues((current) => ({ ...current, ...changes }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const now = new Date();
    const found = checkForm(values, now, editing ? new Date(editing.validFrom) : undefined);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      if (editing) {
        const planned = updateRequest(values, original, organizations, now);
        props.onSaved(await updateToken(planned.org, editing.authorizationId, planned.body));
      } else {
        const planned = createRequest(values, organizations, now);
        props.onCreated(await createToken(planned.org, planned.body), planned.body.validTo);
      }
    } catch (failure) {
      setErrors(patErrorToFields(failure));
      setBusy(false);
    }
  }

  return (
    <>
      <DrawerHeader>
        <DrawerHeaderTitle>
          {editing ? "Edit personal access token" : "Create a new personal access token"}
        </DrawerHeaderTitle>
      </DrawerHeader>
      <DrawerBody>
        <form id={FORM_ID} onSubmit={submit} noValidate style={{ display: "flex", flexDirection: "column", gap: 16 }}>
          <Field label="Name" required validationMessage={errors.name}>
            <Input value={values.name} maxLength={256} onChange={(_, data) => change({ name: data.value })} />
          </Field>
          <Field label="Organization" validationMessage={errors.organization}>
            <Select value={values.org} onChange={(_, data) => change({ org: data.value })}>
              {organizations.map((org) => (
                <option key={org.id} value={org.name}>
                  {org.name}
                </option>
              ))}
              <option value={ALL_ORGS}>{ALL_ORGANIZATIONS_LABEL}</option>
            </Select>
          </Field>
          <ExpirationField
            values={values}
            editing={editing}
            error={errors.expiration}
            now={new Date()}
            onChange={change}
          />
          <ScopePicker
            fullAccess={values.fullAccess}
            selection={values.selection}
            error={errors.scopes}
            onFullAccessChange={(fullAccess) => change({ fullAccess })}
            onSelectionChange={(selection) => change({ selection })}
          />
          <FormError message={errors.form ?? null} />
        </form>
      </DrawerBody>
      <DrawerFooter>
        <Button type="submit" form={FORM_ID} appearance="primary" disabled={busy}>
          {editing ? "Save" : "Create"}
        </Button>
        <Button onClick={props.onClose}>Cancel</Button>
      </DrawerFooter>
    </>
  );
}
