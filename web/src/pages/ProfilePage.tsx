/**
 * User settings → Profile: who the user is (username, display name, email), their organizations
 * with their role in each, and the password change form. A password change ends every session
 * of the user and starts a fresh one for this page, whose CSRF token is then fetched again.
 */
import {
  Body1,
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Title1,
  Title3,
  tokens,
} from "@fluentui/react-components";
import { orgRoleOf } from "../../../src/domain/scope-roles.ts";
import { TwoFactorSection } from "../components/TwoFactorSection.tsx";
import { UserSettingsLayout } from "../layout/UserSettingsLayout.tsx";
import { PasskeysSection } from "../profile/PasskeysSection.tsx";
import { useSession } from "../session-context.tsx";
import { ROLE_WORDS } from "../tokens/role-hints.ts";
import { PasswordChangeForm } from "./PasswordChangeForm.tsx";

const useStyles = makeStyles({
  section: { marginTop: "24px", maxWidth: "640px" },
  facts: {
    display: "grid",
    gridTemplateColumns: "max-content minmax(0, 1fr)",
    columnGap: "24px",
    rowGap: "8px",
    margin: "12px 0 0",
  },
  term: { color: tokens.colorNeutralForeground2 },
  value: { margin: 0, overflowWrap: "anywhere" },
});

/** The profile page. */
export function ProfilePage() {
  const styles = useStyles();
  const { session } = useSession();
  const { user } = session;
  return (
    <UserSettingsLayout title="Profile" trail={[{ label: "Profile" }]}>
      <Title1 as="h1">Profile</Title1>
      <section className={styles.section} aria-labelledby="profile-account">
        <Title3 as="h2" id="profile-account">
          Account
        </Title3>
        <dl className={styles.facts}>
          <dt className={styles.term}>Username</dt>
          <dd className={styles.value}>{user.username}</dd>
          <dt className={styles.term}>Display name</dt>
          <dd className={styles.value}>{user.displayName || "—"}</dd>
          <dt className={styles.term}>Email</dt>
          <dd className={styles.value}>{user.email || "—"}</dd>
          {user.isAdmin && (
            <>
              <dt className={styles.term}>Instance role</dt>
              <dd className={styles.value}>Instance administrator</dd>
            </>
          )}
        </dl>
      </section>
      <section className={styles.section} aria-labelledby="profile-organizations">
        <Title3 as="h2" id="profile-organizations">
          Organizations
        </Title3>
        {session.organizations.length === 0 ? (
          <Body1 as="p">You are not a member of any organization yet.</Body1>
        ) : (
          <Table aria-labelledby="profile-organizations" size="small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Organization</TableHeaderCell>
                <TableHeaderCell>Your role</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {session.organizations.map((organization) => (
                <TableRow key={organization.id}>
                  <TableCell>{organization.name}</TableCell>
                  <TableCell>{ROLE_WORDS[orgRoleOf(organization.role)]}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </section>
      <section className={styles.section} aria-labelledby="profile-password">
        <Title3 as="h2" id="profile-password">
          Change password
        </Title3>
        <PasswordChangeForm />
      </section>
      <div className={styles.section}>
        <TwoFactorSection />
      </div>
      <PasskeysSection />
    </UserSettingsLayout>
  );
}
