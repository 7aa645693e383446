/** Policies (placeholder until its page is built). */
import { Title1 } from "@fluentui/react-components";
import { SettingsLayout } from "../layout/SettingsLayout.tsx";

/** The Policies settings page. */
export function InstancePoliciesPage() {
  return (
    <SettingsLayout place={{ kind: "instance", section: "policies" }} title="Policies">
      <Title1 as="h1">Policies</Title1>
    </SettingsLayout>
  );
}
