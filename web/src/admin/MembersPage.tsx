/** Users (placeholder until its page is built). */
import { Title1 } from "@fluentui/react-components";
import { SettingsLayout } from "../layout/SettingsLayout.tsx";

/** The Users settings page. */
export function MembersPage(props: { org: string }) {
  return (
    <SettingsLayout place={{ kind: "org", org: props.org, section: "users" }} title="Users">
      <Title1 as="h1">Users</Title1>
    </SettingsLayout>
  );
}
