/**
 * The revocation rule form (Azure DevOps' revocation rules): revoke at once every token of the
 * organization that grants any of some scopes and was created before a date. Patina acts on the
 * existing tokens and keeps no rule, so the form says so; the page asks for confirmation first.
 * The server's message for a bad value is shown next to the field it concerns.
 */
import { Button, Field, Input, makeStyles, Text, tokens } from "@fluentui/react-components";
import { useRef, useState } from "react";
import { ApiError } from "../api/http.ts";
import { createRevocationRule } from "../api/token-admin.ts";
import type { Confirmation } from "./org-tokens-confirm.tsx";

const useStyles = makeStyles({
  section: {
    display: "flex",
    flexDirection: "column",
    rowGap: "12px",
    marginTop: "32px",
    padding: "16px",
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    maxWidth: "760px",
  },
  heading: { fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold, margin: 0 },
  fields: { display: "flex", flexWrap: "wrap", gap: "12px" },
  scopes: { flexGrow: 1, minWidth: "min(100%, 260px)" },
  actions: { display: "flex" },
});

type RuleErrors = { scopes?: string; createdBefore?: string };

/** The form; `ask` opens the page's confirmation dialog. */
export function RevocationRuleForm(props: { org: string; ask: (confirmation: Confirmation) => void }) {
  const styles = useStyles();
  const [scopes, setScopes] = useState("");
  const [createdBefore, setCreatedBefore] = useState("");
  const [errors, setErrors] = useState<RuleErrors>({});
  const scopesInput = useRef<HTMLInputElement>(null);
  const dateInput = useRef<HTMLInputElement>(null);

  function submit() {
    const names = scopes.trim().split(/\s+/).filter(Boolean);
    if (names.length === 0) {
      setErrors({ scopes: "Enter at least one scope, such as vso.code_write." });
      scopesInput.current?.focus();
      return;
    }
    const before = createdBefore === "" ? undefined : `${createdBefore}T00:00:00Z`;
    const when = before === undefined ? "now" : `${createdBefore} (UTC)`;
    props.ask({
      title: "Revoke matching tokens?",
      body: (
        <Text as="p">
          Every token of {props.org} created before {when} that grants any of {names.join(", ")} will be revoked at once
          and stop working. Their owners are told by email. This cannot be undone.
        </Text>
      ),
      confirmLabel: "Revoke matching tokens",
      run: async () => {
        try {
          const result = await createRevocationRule(props.org, {
            scopes: names.join(" "),
            ...(before === undefined ? {} : { createdBefore: before }),
          });
          setErrors({});
          return `The rule revoked ${result.revokedCount} token${result.revokedCount === 1 ? "" : "s"}.`;
        } catch (failure) {
          if (!(failure instanceof ApiError) || failure.status !== 400) throw failure;
          const field = failure.message.includes("createdBefore") ? "createdBefore" : "scopes";
          setErrors({ [field]: failure.message });
          // After the dialog closes, the field the message is about takes the focus.
          setTimeout(() => (field === "scopes" ? scopesInput : dateInput).current?.focus(), 100);
          return null;
        }
      },
    });
  }

  return (
    <section className={styles.section} aria-labelledby="revocation-rule-heading">
      <h2 id="revocation-rule-heading" className={styles.heading}>
        Revocation rule
      </h2>
      <Text as="p">
        Revoke, in one step, every token of this organization that grants any of these scopes and was created before a
        date — for example after a scope was misused or a build system was breached. The rule acts on the tokens that
        exist now; tokens created later are not affected.
      </Text>
      <form
        className={styles.fields}
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <Field
          className={styles.scopes}
          label="Scopes"
          required
          hint="Scope names separated by spaces, e.g. vso.code_write vso.packaging. Tokens granting more (vso.code_full) match too."
          validationMessage={errors.scopes}
        >
          <Input
            ref={scopesInput}
            value={scopes}
            onChange={(_, data) => {
              setScopes(data.value);
              setErrors((before) => ({ ...before, scopes: undefined }));
            }}
          />
        </Field>
        <Field
          label="Created before (UTC)"
          hint="Empty: every matching token that exists now."
          validationMessage={errors.createdBefore}
        >
          <Input
            ref={dateInput}
            type="date"
            value={createdBefore}
            onChange={(_, data) => {
              setCreatedBefore(data.value);
              setErrors((before) => ({ ...before, createdBefore: undefined }));
            }}
          />
        </Field>
        <div className={styles.actions}>
          <Button type="submit">Revoke matching tokens…</Button>
        </div>
      </form>
    </section>
  );
}
