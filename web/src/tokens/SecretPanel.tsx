/**
 * The success panel after Create or Regenerate: the token's value, shown this once, in a
 * read-only field with Copy (which then says Copied), and the warning that it will not be shown
 * again. Escape or a click outside asks first unless the value was copied (TokenDialogs.tsx).
 */
import {
  Button,
  DrawerBody,
  DrawerFooter,
  DrawerHeader,
  DrawerHeaderTitle,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
} from "@fluentui/react-components";
import { useEffect, useRef, useState } from "react";
import type { PatToken } from "../api/tokens.ts";
import { formatDateTime } from "./format.ts";

const useStyles = makeStyles({
  body: { display: "flex", flexDirection: "column", gap: "16px" },
  value: { display: "flex", gap: "8px", alignItems: "flex-end" },
  grow: { flexGrow: 1, minWidth: 0 },
});

export interface SecretPanelProps {
  token: PatToken;
  regenerated: boolean;
  /** The expiry that was asked for; when the server clamped it, the panel says so. */
  requestedValidTo?: string;
  /** Whether the value was copied (the caller asks before an accidental close otherwise). */
  copied: boolean;
  /** Changes when focus should come back to the value (after a prompt over the panel closed). */
  focusRequest?: number;
  onCopied: () => void;
  onClose: () => void;
}

/** Copies text, falling back to the selection where the Clipboard API is unavailable (plain http). */
async function copyText(text: string, field: HTMLInputElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    field?.select();
    return document.execCommand("copy");
  }
}

/** The panel's content; the caller owns the drawer and drops the value when it closes. */
export function SecretPanel(props: SecretPanelProps) {
  const styles = useStyles();
  const field = useRef<HTMLInputElement>(null);
  const [copyFailed, setCopyFailed] = useState(false);
  const value = props.token.token ?? "";
  // The Create or Regenerate button that had focus is gone: focus moves to the new value.
  // After a prompt over the panel, a frame later: the prompt restores focus as it closes.
  useEffect(() => {
    if (!props.focusRequest) {
      field.current?.focus();
      return;
    }
    const frame = requestAnimationFrame(() => field.current?.focus());
    return () => cancelAnimationFrame(frame);
  }, [props.focusRequest]);
  const clamped =
    props.requestedValidTo !== undefined && Date.parse(props.token.validTo) < Date.parse(props.requestedValidTo) - 1000;

  return (
    <>
      <DrawerHeader>
        <DrawerHeaderTitle>Success!</DrawerHeaderTitle>
      </DrawerHeader>
      <DrawerBody className={styles.body}>
        <p>
          {props.regenerated ? "You have regenerated" : "You have created"} the personal access token{" "}
          <strong>{props.token.displayName}</strong>. It expires on {formatDateTime(props.token.validTo)} UTC.
        </p>
        {clamped && (
          <MessageBar intent="info">
            <MessageBarBody>The expiration was shortened to the longest lifespan allowed.</MessageBarBody>
          </MessageBar>
        )}
        <div className={styles.value}>
          <Field label="Token" className={styles.grow}>
            <Input
              ref={field}
              readOnly
              value={value}
              onFocus={(event) => event.target.select()}
              // Copied by hand (Ctrl+C) counts as copied too.
              onCopy={props.onCopied}
            />
          </Field>
          <Button
            appearance="primary"
            onClick={async () => {
              const done = await copyText(value, field.current);
              setCopyFailed(!done);
              if (done) props.onCopied();
            }}
          >
            {props.copied ? "Copied" : "Copy"}
          </Button>
        </div>
        <div aria-live="polite">
          {props.copied && "Copied to the clipboard."}
          {copyFailed && "Copying failed; select the token and copy it yourself."}
        </div>
        <MessageBar intent="warning">
          <MessageBarBody>
            <MessageBarTitle>Copy the token now.</MessageBarTitle>
            It will not be shown again: Patina keeps only a fingerprint of it. If you lose it, regenerate it.
          </MessageBarBody>
        </MessageBar>
      </DrawerBody>
      <DrawerFooter>
        <Button onClick={props.onClose}>Close</Button>
      </DrawerFooter>
    </>
  );
}
