/** One policy on the Policies page: its name, what it does, the control that sets it, and (in an organization) what applies. */
import { Button, Field, Input, makeStyles, Switch, Text, tokens } from "@fluentui/react-components";
import { useState } from "react";
import type { PolicyKey } from "../api/policies.ts";
import { POLICY_DESCRIPTIONS } from "./policies-catalog.ts";
import type { DraftValue } from "./policies-draft.ts";

const useStyles = makeStyles({
  policy: {
    display: "flex",
    flexDirection: "column",
    rowGap: "6px",
    padding: "16px",
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  days: { maxWidth: "160px" },
  date: { maxWidth: "200px" },
  addRow: { display: "flex", columnGap: "8px", alignItems: "flex-end", flexWrap: "wrap" },
  users: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexWrap: "wrap", gap: "8px" },
  user: {
    display: "flex",
    alignItems: "center",
    columnGap: "4px",
    padding: "2px 4px 2px 10px",
    borderRadius: tokens.borderRadiusCircular,
    backgroundColor: tokens.colorNeutralBackground3,
    overflowWrap: "anywhere",
  },
  applies: { color: tokens.colorNeutralForeground2 },
  title: { fontWeight: tokens.fontWeightSemibold, padding: 0 },
  fieldset: {
    border: "none",
    margin: 0,
    padding: 0,
    display: "flex",
    flexDirection: "column",
    rowGap: "8px",
    minWidth: 0,
  },
});

export interface PolicyFieldProps {
  policy: PolicyKey;
  value: DraftValue;
  onChange: (value: DraftValue) => void;
  /** The server's message about this policy, shown next to its control. */
  error: string | undefined;
  /** What applies here compared with this level's value, in words (organization pages). */
  applies: string | undefined;
}

/** A policy with its control. */
export function PolicyField(props: PolicyFieldProps) {
  const styles = useStyles();
  const description = POLICY_DESCRIPTIONS[props.policy];
  const hint =
    description.emptyMeans === undefined
      ? description.explanation
      : `${description.explanation} ${description.emptyMeans}`;
  const field = { label: description.title, hint, validationMessage: props.error };
  return (
    <div className={styles.policy}>
      {description.control === "switch" && (
        <Field {...field}>
          <Switch checked={props.value === true} onChange={(_, data) => props.onChange(data.checked)} />
        </Field>
      )}
      {description.control === "breakGlassSwitch" && (
        <Field {...field}>
          <Switch
            checked={props.value === "breakGlassOnly"}
            onChange={(_, data) => props.onChange(data.checked ? "breakGlassOnly" : "everyone")}
          />
        </Field>
      )}
      {description.control === "days" && (
        <Field {...field}>
          <Input
            className={styles.days}
            type="number"
            inputMode="numeric"
            value={typeof props.value === "string" ? props.value : ""}
            onChange={(_, data) => props.onChange(data.value)}
          />
        </Field>
      )}
      {description.control === "date" && (
        <Field {...field}>
          <Input
            className={styles.date}
            type="date"
            value={typeof props.value === "string" ? props.value : ""}
            onChange={(_, data) => props.onChange(data.value)}
          />
        </Field>
      )}
      {description.control === "users" && (
        <AllowList
          title={description.title}
          hint={hint}
          users={Array.isArray(props.value) ? props.value : []}
          onChange={props.onChange}
          error={props.error}
        />
      )}
      {props.applies !== undefined && <Text className={styles.applies}>{props.applies}</Text>}
    </div>
  );
}

/** A read-only policy set at the instance (shown on organization pages). */
export function InstanceOnlyPolicy(props: { policy: PolicyKey; applies: string }) {
  const styles = useStyles();
  const description = POLICY_DESCRIPTIONS[props.policy];
  return (
    <div className={styles.policy}>
      <Text className={styles.title}>{description.title}</Text>
      <Text>{description.explanation}</Text>
      <Text className={styles.applies}>{props.applies}</Text>
    </div>
  );
}

function AllowList(props: {
  title: string;
  hint: string;
  users: readonly string[];
  onChange: (users: readonly string[]) => void;
  error: string | undefined;
}) {
  const styles = useStyles();
  const [entry, setEntry] = useState("");
  const add = () => {
    const name = entry.trim();
    if (name === "") return;
    if (!props.users.some((user) => user.toLowerCase() === name.toLowerCase())) props.onChange([...props.users, name]);
    setEntry("");
  };
  return (
    <fieldset className={styles.fieldset}>
      <legend className={styles.title}>{props.title}</legend>
      <div className={styles.addRow}>
        <Field label="Username to allow" hint={props.hint} validationMessage={props.error}>
          <Input
            value={entry}
            onChange={(_, data) => setEntry(data.value)}
            onKeyDown={(event) => {
              if (event.key === "Enter") {
                event.preventDefault();
                add();
              }
            }}
          />
        </Field>
        <Button onClick={add}>Add</Button>
      </div>
      {props.users.length === 0 ? (
        <Text as="p">Nobody is on the allow list.</Text>
      ) : (
        <ul className={styles.users} aria-label="Users on the allow list">
          {props.users.map((user) => (
            <li key={user} className={styles.user}>
              {user}
              <Button
                size="small"
                appearance="subtle"
                aria-label={`Remove ${user}`}
                onClick={() => props.onChange(props.users.filter((other) => other !== user))}
              >
                Remove
              </Button>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
