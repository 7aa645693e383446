/**
 * The Policies form of one level (the instance, or an organization): every policy the level sets
 * with its explanation and control, saved with one PATCH of the keys that changed. The server
 * checks every value; its message for a 4xx is shown next to the policy it names. On an
 * organization's page, what applies there is shown too: for an instance administrator the
 * instance's value beside the organization's and which of them wins (the stricter, as the
 * server's `effective` says); for everyone the instance's rules that decide here.
 */
import { Button, MessageBar, MessageBarBody, makeStyles, Spinner, Text, tokens } from "@fluentui/react-components";
import { useEffect, useState } from "react";
import { ApiError, messageOf } from "../api/http.ts";
import { getPolicies, type PolicyKey, type PolicyPlace, type PolicyView, updatePolicies } from "../api/policies.ts";
import { FormError } from "../components/FormError.tsx";
import { useSession } from "../session-context.tsx";
import { describeValue, POLICY_DESCRIPTIONS, POLICY_GROUPS } from "./policies-catalog.ts";
import { changesOf, type DraftValue, draftOf, editableKeys, keyOfMessage, type PolicyDraft } from "./policies-draft.ts";
import { InstanceOnlyPolicy, PolicyField } from "./policies-field.tsx";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", rowGap: "12px", maxWidth: "760px" },
  group: { display: "flex", flexDirection: "column", rowGap: "12px", margin: 0, padding: 0, border: "none" },
  heading: { fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold, margin: "16px 0 0" },
  actions: { display: "flex", alignItems: "center", columnGap: "12px", flexWrap: "wrap", rowGap: "8px" },
  meta: { color: tokens.colorNeutralForeground2 },
});

type Loaded = { view: PolicyView; instance: PolicyView | null };

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** What applies in the organization for one key, in words; undefined when nothing needs saying. */
function appliesText(key: PolicyKey, loaded: Loaded): string | undefined {
  const { view, instance } = loaded;
  if (view.level !== "organization" || !POLICY_DESCRIPTIONS[key].levels.includes("instance")) return undefined;
  const own = view.values[key];
  const effective = view.effective[key];
  const applies = `Applies here: ${describeValue(key, effective)}`;
  if (instance === null) {
    return same(own, effective) ? undefined : `${applies}, because the instance's policy is stricter.`;
  }
  const instanceValue = instance.values[key];
  const winner = same(instanceValue, own)
    ? "both levels agree"
    : same(effective, own)
      ? "this organization's setting wins (the stricter)"
      : "the instance's setting wins (the stricter)";
  return `Instance: ${describeValue(key, instanceValue)}. ${applies}: ${winner}.`;
}

/** The form for one level. */
export function PoliciesForm(props: { place: PolicyPlace }) {
  const styles = useStyles();
  const { session } = useSession();
  const { place } = props;
  const placeKey = place.level === "instance" ? "" : place.org;
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [draft, setDraft] = useState<PolicyDraft>({});
  const [errors, setErrors] = useState<Partial<Record<PolicyKey, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const showInstance = place.level === "organization" && session.user.isAdmin;

  // biome-ignore lint/correctness/useExhaustiveDependencies: placeKey stands for place.
  useEffect(() => {
    let current = true;
    setLoaded(null);
    Promise.all([getPolicies(place), showInstance ? getPolicies({ level: "instance" }) : Promise.resolve(null)]).then(
      ([view, instance]) => {
        if (!current) return;
        setLoaded({ view, instance });
        setDraft(draftOf(view));
      },
      (error: unknown) => current && setLoadError(messageOf(error)),
    );
    return () => {
      current = false;
    };
  }, [placeKey, showInstance]);

  if (loadError !== null) return <FormError message={loadError} />;
  if (loaded === null) return <Spinner label="Loading policies" />;
  const { view } = loaded;
  const keys = editableKeys(view.level);
  const changes = changesOf(view, draft);
  const dirty = Object.keys(changes).length > 0;

  const change = (key: PolicyKey, value: DraftValue) => {
    setDraft((before) => ({ ...before, [key]: value }));
    // A message about the old value no longer describes the field.
    setErrors((before) => ({ ...before, [key]: undefined }));
    setFormError(null);
    setSaved(null);
  };

  async function save() {
    setBusy(true);
    setSaved(null);
    setFormError(null);
    try {
      const next = await updatePolicies(place, changes);
      setLoaded((before) => (before === null ? before : { ...before, view: next }));
      setDraft(draftOf(next));
      setErrors({});
      setSaved("Policies saved. They apply to tokens created, extended or regenerated from now on.");
    } catch (failure) {
      const message = messageOf(failure);
      const key = failure instanceof ApiError && failure.status < 500 ? keyOfMessage(message, keys) : undefined;
      if (key === undefined) setFormError(message);
      else setErrors({ [key]: message });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className={styles.form}
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
      noValidate
    >
      {POLICY_GROUPS.map((group) => {
        const shown = group.keys.filter(
          (key) => keys.includes(key) || (view.level === "organization" && view.effective[key] !== undefined),
        );
        if (shown.length === 0) return null;
        return (
          <section key={group.heading} className={styles.group}>
            <h2 className={styles.heading}>{group.heading}</h2>
            {shown.map((key) =>
              keys.includes(key) ? (
                <PolicyField
                  key={key}
                  policy={key}
                  value={draft[key] ?? ""}
                  onChange={(value) => change(key, value)}
                  error={errors[key]}
                  applies={appliesText(key, loaded)}
                />
              ) : (
                <InstanceOnlyPolicy
                  key={key}
                  policy={key}
                  applies={`Set by the instance's policy: ${describeValue(key, view.effective[key])}.`}
                />
              ),
            )}
          </section>
        );
      })}
      <FormError message={formError} />
      <div role="status">
        {saved !== null && (
          <MessageBar intent="success">
            <MessageBarBody>{saved}</MessageBarBody>
          </MessageBar>
        )}
      </div>
      <div className={styles.actions}>
        <Button appearance="primary" type="submit" disabled={busy || !dirty}>
          Save
        </Button>
        <Button
          disabled={busy || !dirty}
          onClick={() => {
            setDraft(draftOf(view));
            setErrors({});
            setFormError(null);
          }}
        >
          Discard changes
        </Button>
        {view.updatedAt !== null && (
          <Text className={styles.meta}>
            Last changed {view.updatedAt.slice(0, 10)} by {view.updatedBy ?? "someone"}.
          </Text>
        )}
      </div>
    </form>
  );
}
