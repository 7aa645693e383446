/** Users (placeholder until its page is built). */
import { Title1 } from "@fluentui/react-components";
import { SettingsLayout } from "../layout/SettingsLayout.tsx";

/** The Users settings page. */
export function InstanceUsersPage() {
  return (
    <SettingsLayout place={{ kind: "instance", section: "users" }} title="Users">
      <Title1 as="h1">Users</Title1>
    </SettingsLayout>
  );
}
