/** Instance settings → Policies: the token policies of the whole instance (instance administrators). */
import { Text, Title1 } from "@fluentui/react-components";
import { SettingsLayout } from "../layout/SettingsLayout.tsx";
import { PoliciesForm } from "./policies-form.tsx";

/** The Policies settings page of the instance. */
export function InstancePoliciesPage() {
  return (
    <SettingsLayout place={{ kind: "instance", section: "policies" }} title="Policies">
      <Title1 as="h1">Policies</Title1>
      <Text as="p">
        Rules for every personal access token of this instance. An organization may set stricter rules of its own, never
        looser ones.
      </Text>
      <PoliciesForm place={{ level: "instance" }} />
    </SettingsLayout>
  );
}
