/**
 * The panel and the dialogs over the tokens page. Both stay mounted and open or close through
 * their `open` prop, as Fluent UI expects: unmounting an open modal skips its clean-up (the page
 * would stay hidden from assistive technology). The last content stays while they animate out.
 *
 * A token's value is shown once, so the success panel is hard to lose: Escape or a click outside
 * asks "Close without copying?" unless the value was copied; its Close button closes at once.
 */
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  OverlayDrawer,
} from "@fluentui/react-components";
import { useEffect, useRef, useState } from "react";
import type { SessionOrganization } from "../api/session.ts";
import type { PatToken } from "../api/tokens.ts";
import { ConfirmDialog } from "./ConfirmDialog.tsx";
import { SecretPanel } from "./SecretPanel.tsx";
import { TokenFormPanel } from "./TokenFormPanel.tsx";

type PanelOverlay =
  | { kind: "new" }
  /** `initialScope` replaces the token's scopes in the picker (see TokenFormPanel). */
  | { kind: "edit"; token: PatToken; initialScope?: string }
  | { kind: "secret"; token: PatToken; regenerated: boolean; requestedValidTo?: string };
type ConfirmOverlay = { kind: "regenerate" | "revoke"; token: PatToken };

export type TokenOverlay = null | PanelOverlay | ConfirmOverlay;

export interface TokenDialogsProps {
  overlay: TokenOverlay;
  organizations: readonly SessionOrganization[];
  onClose: () => void;
  onCreated: (token: PatToken, requestedValidTo: string) => void;
  onSaved: (token: PatToken) => void;
  onRegenerate: (token: PatToken) => Promise<void>;
  onRevoke: (token: PatToken) => Promise<void>;
}

/** Keeps the last non-null value, so closing content does not vanish before its animation ends. */
function useLastShown<T>(value: T | null): T | null {
  const [last, setLast] = useState<T | null>(value);
  if (value !== null && value !== last) setLast(value);
  return value ?? last;
}

function isPanel(overlay: TokenOverlay): overlay is PanelOverlay {
  return overlay !== null && (overlay.kind === "new" || overlay.kind === "edit" || overlay.kind === "secret");
}

const secretKey = (token: PatToken) => `secret-${token.authorizationId}-${token.validFrom}`;

/**
 * After a confirmation closes, Fluent returns focus to the element that opened it; when that is
 * gone (a revoked row has no buttons), focus would fall to the page itself. Then the page's
 * heading takes it, so keyboard and screen reader users keep their place.
 */
function useFocusFallback(open: boolean): void {
  const wasOpen = useRef(open);
  useEffect(() => {
    const closed = wasOpen.current && !open;
    wasOpen.current = open;
    if (!closed) return;
    let frames = 0;
    let handle = 0;
    const check = () => {
      const active = document.activeElement;
      if (active !== null && active !== document.body) return;
      // Fluent restores focus after its close animation; look again for a few frames.
      if (frames++ < 30) {
        handle = requestAnimationFrame(check);
        return;
      }
      const heading = document.querySelector<HTMLElement>("main h1");
      if (heading === null) return;
      heading.tabIndex = -1;
      heading.focus();
    };
    handle = requestAnimationFrame(check);
    return () => cancelAnimationFrame(handle);
  }, [open]);
}

/** Renders the overlay named by `overlay`. */
export function TokenDialogs(props: TokenDialogsProps) {
  const { overlay } = props;
  const panel = useLastShown(isPanel(overlay) ? overlay : null);
  const confirm = useLastShown(overlay !== null && !isPanel(overlay) ? overlay : null);
  const confirmOpen = overlay !== null && !isPanel(overlay);
  const [copiedKey, setCopiedKey] = useState<string | null>(null);
  const [askingToClose, setAskingToClose] = useState(false);
  // Bumped when the prompt closes and the panel stays: focus goes back into the panel, which
  // (a modal under a modal) stays hidden from assistive technology until focus enters it.
  const [backToPanel, setBackToPanel] = useState(0);
  const keepOpen = () => {
    setAskingToClose(false);
    setBackToPanel((count) => count + 1);
  };
  useFocusFallback(confirmOpen);
  const shownSecret = overlay?.kind === "secret" ? overlay.token : null;
  const copied = shownSecret !== null && copiedKey === secretKey(shownSecret);

  const closeOn = (_: unknown, data: { open: boolean }) => {
    if (!data.open) props.onClose();
  };
  // Escape or a click outside: the success panel asks first while its value is uncopied.
  const closePanelOn = (_: unknown, data: { open: boolean }) => {
    if (data.open) return;
    if (shownSecret !== null && !copied) setAskingToClose(true);
    else props.onClose();
  };

  return (
    <>
      <OverlayDrawer open={isPanel(overlay)} position="end" size="medium" onOpenChange={closePanelOn}>
        {panel?.kind === "secret" && (
          <SecretPanel
            key={secretKey(panel.token)}
            token={panel.token}
            regenerated={panel.regenerated}
            requestedValidTo={panel.requestedValidTo}
            copied={copiedKey === secretKey(panel.token)}
            focusRequest={backToPanel}
            onCopied={() => setCopiedKey(secretKey(panel.token))}
            onClose={props.onClose}
          />
        )}
        {(panel?.kind === "new" || panel?.kind === "edit") && (
          <TokenFormPanel
            key={panel.kind === "edit" ? `edit-${panel.token.authorizationId}-${panel.initialScope ?? ""}` : "new"}
            editing={panel.kind === "edit" ? panel.token : undefined}
            {...(panel.kind === "edit" && panel.initialScope !== undefined ? { initialScope: panel.initialScope } : {})}
            organizations={props.organizations}
            onClose={props.onClose}
            onCreated={props.onCreated}
            onSaved={props.onSaved}
          />
        )}
      </OverlayDrawer>
      <Dialog
        open={askingToClose && shownSecret !== null}
        modalType="alert"
        onOpenChange={(_, data) => {
          if (!data.open) keepOpen();
        }}
      >
        <DialogSurface>
          <DialogBody>
            <DialogTitle>Close without copying?</DialogTitle>
            <DialogContent>
              You have not copied the token. Its value will not be shown again: if you close now, you will have to
              regenerate the token to get a new one.
            </DialogContent>
            <DialogActions>
              <Button appearance="primary" onClick={keepOpen}>
                Keep it open
              </Button>
              <Button
                onClick={() => {
                  setAskingToClose(false);
                  props.onClose();
                }}
              >
                Close without copying
              </Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
      <Dialog open={confirmOpen} modalType="alert" onOpenChange={closeOn}>
        <ConfirmContent
          key={confirm ? `${confirm.kind}-${confirm.token.authorizationId}` : "none"}
          {...props}
          confirm={confirm}
        />
      </Dialog>
    </>
  );
}

/** The confirmation's surface (a component, so that the Dialog always gets one element). */
function ConfirmContent(props: TokenDialogsProps & { confirm: ConfirmOverlay | null }) {
  if (props.confirm === null) return null;
  const { token } = props.confirm;
  if (props.confirm.kind === "regenerate") {
    return (
      <ConfirmDialog
        title="Regenerate token?"
        confirmLabel="Regenerate token"
        destructive
        onConfirm={() => props.onRegenerate(token)}
        onCancel={props.onClose}
      >
        <p>
          Patina will issue a new value for <strong>{token.displayName}</strong>, with the same name, scopes and
          organization. The current value stops working at once: update every place that uses it.
        </p>
      </ConfirmDialog>
    );
  }
  return (
    <ConfirmDialog
      title="Revoke token?"
      confirmLabel="Revoke token"
      destructive
      onConfirm={() => props.onRevoke(token)}
      onCancel={props.onClose}
    >
      <p>
        Revoking <strong>{token.displayName}</strong> stops it from working at once, everywhere. This cannot be undone.
      </p>
    </ConfirmDialog>
  );
}
