/**
 * The frame of Organization settings and Instance settings pages: the header, a side navigation
 * of the sections (a wrapping row of links on a phone), and the page itself. An administrator of
 * several organizations switches between them here.
 */
import { Field, makeStyles, Select, tokens } from "@fluentui/react-components";
import type { ReactNode } from "react";
import { AppHeader, type Crumb, followLink } from "../components/AppHeader.tsx";
import { navigate, paths, usePageTitle } from "../router.ts";
import { administeredOrganizations, useSession } from "../session-context.tsx";

const useStyles = makeStyles({
  frame: {
    display: "flex",
    alignItems: "flex-start",
    "@media (max-width: 700px)": { flexDirection: "column" },
  },
  nav: {
    flexShrink: 0,
    width: "240px",
    padding: "16px",
    boxSizing: "border-box",
    borderRight: `1px solid ${tokens.colorNeutralStroke2}`,
    minHeight: "calc(100vh - 56px)",
    "@media (max-width: 700px)": {
      width: "100%",
      minHeight: "auto",
      borderRight: "none",
      borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
      padding: "8px 12px",
    },
  },
  heading: { fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold, margin: "12px 0 4px" },
  list: {
    listStyleType: "none",
    margin: 0,
    padding: 0,
    "@media (max-width: 700px)": { display: "flex", flexWrap: "wrap", columnGap: "4px" },
  },
  link: {
    display: "block",
    padding: "6px 10px",
    borderRadius: tokens.borderRadiusMedium,
    color: tokens.colorNeutralForeground1,
    textDecorationLine: "none",
    ":hover": { backgroundColor: tokens.colorNeutralBackground1Hover },
  },
  current: {
    backgroundColor: tokens.colorNeutralBackground1Selected,
    fontWeight: tokens.fontWeightSemibold,
  },
  main: {
    flexGrow: 1,
    minWidth: 0,
    padding: "24px 32px",
    boxSizing: "border-box",
    maxWidth: "1280px",
    "@media (max-width: 700px)": { padding: "16px 12px", width: "100%" },
  },
});

export type OrgSection = "policies" | "tokens" | "audit" | "users";
export type InstanceSection = "users" | "policies";

const ORG_LINKS: readonly { section: OrgSection; label: string; href: (org: string) => string }[] = [
  { section: "policies", label: "Policies", href: paths.orgPolicies },
  { section: "tokens", label: "Personal access tokens", href: paths.orgTokens },
  { section: "audit", label: "Audit log", href: paths.orgAudit },
  { section: "users", label: "Users", href: paths.orgMembers },
];

const INSTANCE_LINKS: readonly { section: InstanceSection; label: string; href: () => string }[] = [
  { section: "users", label: "Users", href: paths.instanceUsers },
  { section: "policies", label: "Policies", href: paths.instancePolicies },
];

export type SettingsPlace =
  | { kind: "org"; org: string; section: OrgSection }
  | { kind: "instance"; section: InstanceSection };

function NavLink(props: { href: string; label: string; current: boolean }) {
  const styles = useStyles();
  return (
    <li>
      <a
        className={props.current ? `${styles.link} ${styles.current}` : styles.link}
        href={props.href}
        onClick={followLink}
        aria-current={props.current ? "page" : undefined}
      >
        {props.label}
      </a>
    </li>
  );
}

/** A settings page: `title` is its heading's text, also the tab's title and the last crumb. */
export function SettingsLayout(props: { place: SettingsPlace; title: string; children: ReactNode }) {
  const styles = useStyles();
  const { session } = useSession();
  const { place } = props;
  const administered = administeredOrganizations(session);
  const orgName = place.kind === "org" ? place.org : undefined;
  usePageTitle(orgName === undefined ? `${props.title} · Instance settings` : `${props.title} · ${orgName}`);
  const trail: Crumb[] =
    orgName === undefined
      ? [{ label: "Instance settings", href: paths.instanceUsers() }, { label: props.title }]
      : [
          { label: orgName, href: paths.orgPolicies(orgName) },
          { label: "Organization settings", href: paths.orgPolicies(orgName) },
          { label: props.title },
        ];
  return (
    <>
      <AppHeader trail={trail} />
      <div className={styles.frame}>
        <nav className={styles.nav} aria-label="Settings">
          {administered.length > 1 && orgName !== undefined && (
            <Field label="Organization">
              <Select
                value={orgName}
                onChange={(_, data) => {
                  const link = ORG_LINKS.find((candidate) => candidate.section === place.section);
                  navigate(link === undefined ? paths.orgPolicies(data.value) : link.href(data.value));
                }}
              >
                {administered.map((organization) => (
                  <option key={organization.id} value={organization.name}>
                    {organization.name}
                  </option>
                ))}
              </Select>
            </Field>
          )}
          {administered.length > 0 && (
            <>
              <h2 className={styles.heading}>Organization settings</h2>
              <ul className={styles.list}>
                {ORG_LINKS.map((link) => {
                  const target = orgName ?? administered[0]?.name ?? "";
                  return (
                    <NavLink
                      key={link.section}
                      href={link.href(target)}
                      label={link.label}
                      current={place.kind === "org" && place.section === link.section}
                    />
                  );
                })}
              </ul>
            </>
          )}
          {session.user.isAdmin && (
            <>
              <h2 className={styles.heading}>Instance settings</h2>
              <ul className={styles.list}>
                {INSTANCE_LINKS.map((link) => (
                  <NavLink
                    key={link.section}
                    href={link.href()}
                    label={link.label}
                    current={place.kind === "instance" && place.section === link.section}
                  />
                ))}
              </ul>
            </>
          )}
        </nav>
        <main className={styles.main}>{props.children}</main>
      </div>
    </>
  );
}
