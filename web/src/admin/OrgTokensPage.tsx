/** Personal access tokens (placeholder until its page is built). */
import { Title1 } from "@fluentui/react-components";
import { SettingsLayout } from "../layout/SettingsLayout.tsx";

/** The Personal access tokens settings page. */
export function OrgTokensPage(props: { org: string }) {
  return (
    <SettingsLayout place={{ kind: "org", org: props.org, section: "tokens" }} title="Personal access tokens">
      <Title1 as="h1">Personal access tokens</Title1>
    </SettingsLayout>
  );
}
