/**
 * The panel and the dialog over the tokens page. Both stay mounted and open or close through
 * their `open` prop, as Fluent UI expects: unmounting an open modal skips its clean-up (the page
 * would stay hidden from assistive technology). The last content stays while they animate out.
 */
import { Dialog, OverlayDrawer } from "@fluentui/react-components";
import { useState } from "react";
import type { SessionOrganization } from "../api/session.ts";
import type { PatToken } from "../api/tokens.ts";
import { ConfirmDialog } from "./ConfirmDialog.tsx";
import { SecretPanel } from "./SecretPanel.tsx";
import { TokenFormPanel } from "./TokenFormPanel.tsx";

type PanelOverlay =
  | { kind: "new" }
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

/** Renders the overlay named by `overlay`. */
export function TokenDialogs(props: TokenDialogsProps) {
  const { overlay } = props;
  const panel = useLastShown(isPanel(overlay) ? overlay : null);
  const confirm = useLastShown(overlay !== null && !isPanel(overlay) ? overlay : null);
  const closeOn = (_: unknown, data: { open: boolean }) => {
    if (!data.open) props.onClose();
  };

  return (
    <>
      <OverlayDrawer open={isPanel(overlay)} position="end" size="medium" onOpenChange={closeOn}>
        {panel?.kind === "secret" && (
          <SecretPanel
            key={`secret-${panel.token.authorizationId}-${panel.token.validFrom}`}
            token={panel.token}
            regenerated={panel.regenerated}
            requestedValidTo={panel.requestedValidTo}
            onClose={props.onClose}
          />
        )}
        {(panel?.kind === "new" || panel?.kind === "edit") && (
          <TokenFormPanel
            key={panel.kind === "edit" ? `edit-${panel.token.authorizationId}-${panel.initialScope ?? ""}` : "new"}
            editing={panel.kind === "edit" ? panel.token : undefined}
            initialScope={panel.kind === "edit" ? panel.initialScope : undefined}
            organizations={props.organizations}
            onClose={props.onClose}
            onCreated={props.onCreated}
            onSaved={props.onSaved}
          />
        )}
      </OverlayDrawer>
      <Dialog open={overlay !== null && !isPanel(overlay)} modalType="alert" onOpenChange={closeOn}>
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
        confirmLabel="Regenerate"
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
      confirmLabel="Revoke"
      onConfirm={() => props.onRevoke(token)}
      onCancel={props.onClose}
    >
      <p>
        Revoking <strong>{token.displayName}</strong> stops it from working at once, everywhere. This cannot be undone.
      </p>
    </ConfirmDialog>
  );
}
