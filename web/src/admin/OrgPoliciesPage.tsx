/** Organization settings → Policies: the organization's token policies (org administrators). */
import { Text, Title1 } from "@fluentui/react-components";
import { SettingsLayout } from "../layout/SettingsLayout.tsx";
import { PoliciesForm } from "./policies-form.tsx";

/** The Policies settings page of an organization. */
export function OrgPoliciesPage(props: { org: string }) {
  return (
    <SettingsLayout place={{ kind: "org", org: props.org, section: "policies" }} title="Policies">
      <Title1 as="h1">Policies</Title1>
      <Text as="p">
        Rules for the personal access tokens of {props.org}. Where the instance sets a rule too, the stricter of the two
        applies.
      </Text>
      <PoliciesForm key={props.org} place={{ level: "organization", org: props.org }} />
    </SettingsLayout>
  );
}
