/** Audit log (placeholder until its page is built). */
import { Title1 } from "@fluentui/react-components";
import { SettingsLayout } from "../layout/SettingsLayout.tsx";

/** The Audit log settings page. */
export function AuditLogPage(props: { org: string }) {
  return (
    <SettingsLayout place={{ kind: "org", org: props.org, section: "audit" }} title="Audit log">
      <Title1 as="h1">Audit log</Title1>
    </SettingsLayout>
  );
}
