/**
 * "Scopes used vs granted": each granted scope marked used or unused in the period, and, when the
 * token could do with less, "Narrow to the scopes used", which opens Edit with exactly the
 * suggested scopes chosen (a least-privilege helper: saving is still the user's decision).
 */
import { Badge, Body1, Button, makeStyles, Title3, tokens, useRestoreFocusTarget } from "@fluentui/react-components";
import { useId } from "react";
import type { TokenUsage } from "../api/usage.ts";
import { describeScope } from "../tokens/scope-selection.ts";
import { grantedScopeUses, narrowingSuggestion } from "./usage-summary.ts";

const useStyles = makeStyles({
  section: { display: "flex", flexDirection: "column", gap: "12px" },
  heading: { margin: 0 },
  list: { listStyle: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: "8px" },
  item: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: "4px 12px" },
  scope: { fontFamily: tokens.fontFamilyMonospace, color: tokens.colorNeutralForeground2 },
  hint: { color: tokens.colorNeutralForeground2, maxWidth: "72ch" },
});

export interface ScopesUsedProps {
  usage: TokenUsage;
  /** False for a token that can no longer change (revoked, expired): no Narrow button. */
  changeable: boolean;
  onNarrow: (scope: string) => void;
}

/** The scopes section of the details page. */
export function ScopesUsed(props: ScopesUsedProps) {
  const styles = useStyles();
  const headingId = useId();
  const restoreFocusTarget = useRestoreFocusTarget();
  const { usage } = props;
  const uses = grantedScopeUses(usage);
  const suggestion = narrowingSuggestion(usage);
  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <Title3 as="h2" id={headingId} className={styles.heading}>
        Scopes used vs granted
      </Title3>
      <ul className={styles.list} aria-label="Granted scopes">
        {uses.map((use) => (
          <li key={use.scope} className={styles.item}>
            <Badge appearance="tint" color={use.used ? "success" : "informative"}>
              {use.used ? "Used" : "Not used"}
            </Badge>
            <Body1>{use.label}</Body1>
            <code className={styles.scope}>{use.scope}</code>
          </li>
        ))}
      </ul>
      {usage.suggestedScope === null ? (
        <Body1 className={styles.hint}>
          No request in the last {usage.days} days needed a particular scope, so there is nothing to narrow to yet.
        </Body1>
      ) : suggestion === null ? (
        <Body1 className={styles.hint}>Every granted scope was needed in the last {usage.days} days.</Body1>
      ) : (
        <>
          <Body1 className={styles.hint}>
            The requests of the last {usage.days} days needed only: {describeScope(suggestion).join(", ")}. A token with
            just these scopes can do less harm if it leaks.
          </Body1>
          {props.changeable && (
            <div>
              <Button appearance="primary" {...restoreFocusTarget} onClick={() => props.onNarrow(suggestion)}>
                Narrow to the scopes used
              </Button>
            </div>
          )}
        </>
      )}
    </section>
  );
}
