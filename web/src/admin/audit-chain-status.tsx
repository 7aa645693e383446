/**
 * The "chain verified" indicator: Patina chains every audit event to the one before by a hash,
 * and this asks the server to walk the organization's chain. A success says how many events
 * were checked and when; a failure shows the server's words (which event was changed, removed
 * or reordered), so an administrator knows the log cannot be trusted past that point.
 */
import { MessageBar, MessageBarBody, MessageBarTitle, Spinner } from "@fluentui/react-components";
import { useEffect, useState } from "react";
import { type AuditVerification, getAuditVerification } from "../api/audit.ts";
import { messageOf } from "../api/http.ts";
import { formatDateTime } from "../tokens/format.ts";

type ChainState =
  | { kind: "checking" }
  | { kind: "done"; verification: AuditVerification }
  | { kind: "failed"; message: string };

/** The indicator for `org`'s chain, checked once when the page opens. */
export function AuditChainStatus(props: { org: string }) {
  const [state, setState] = useState<ChainState>({ kind: "checking" });
  useEffect(() => {
    let current = true;
    setState({ kind: "checking" });
    getAuditVerification(props.org).then(
      (verification) => current && setState({ kind: "done", verification }),
      (failure: unknown) => current && setState({ kind: "failed", message: messageOf(failure) }),
    );
    return () => {
      current = false;
    };
  }, [props.org]);

  if (state.kind === "checking") return <Spinner size="tiny" labelPosition="after" label="Checking the audit chain…" />;
  if (state.kind === "failed") {
    return (
      <MessageBar intent="warning">
        <MessageBarBody>
          <MessageBarTitle>The audit chain could not be checked</MessageBarTitle>
          {state.message}
        </MessageBarBody>
      </MessageBar>
    );
  }
  const { verification } = state;
  return (
    <MessageBar intent={verification.verified ? "success" : "error"}>
      <MessageBarBody>
        <MessageBarTitle>{verification.verified ? "Chain verified" : "Chain broken"}</MessageBarTitle>
        {verification.message} Checked {formatDateTime(verification.checkedAt)} (UTC).
      </MessageBarBody>
    </MessageBar>
  );
}
