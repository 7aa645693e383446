/** A token's details (placeholder until its page is built). */
import { Title1 } from "@fluentui/react-components";
import { UserSettingsLayout } from "../layout/UserSettingsLayout.tsx";
import { paths } from "../router.ts";

/** The token details page. */
export function TokenDetailsPage(props: { authorizationId: string }) {
  return (
    <UserSettingsLayout
      title="Token details"
      trail={[{ label: "Personal access tokens", href: paths.tokens() }, { label: "Token details" }]}
    >
      <Title1 as="h1">Token details</Title1>
      <p hidden>{props.authorizationId}</p>
    </UserSettingsLayout>
  );
}
