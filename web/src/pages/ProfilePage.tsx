/** User settings → Profile (placeholder until its page is built). */
import { Title1 } from "@fluentui/react-components";
import { UserSettingsLayout } from "../layout/UserSettingsLayout.tsx";

/** The profile page. */
export function ProfilePage() {
  return (
    <UserSettingsLayout title="Profile" trail={[{ label: "Profile" }]}>
      <Title1 as="h1">Profile</Title1>
    </UserSettingsLayout>
  );
}
