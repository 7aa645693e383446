/**
 * The top bar of signed-in pages, as in Azure DevOps: the logo (home), a breadcrumb of links,
 * Organization settings for administrators, the user's name (their profile) and Sign out.
 * On a phone the breadcrumb shows only its last item and the bar never grows sideways.
 */
import { Button, Link, makeStyles, tokens } from "@fluentui/react-components";
import type { MouseEvent } from "react";
import { navigate, paths } from "../router.ts";
import { administeredOrganizations, useSession } from "../session-context.tsx";

const useStyles = makeStyles({
  bar: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    columnGap: "16px",
    rowGap: "4px",
    padding: "10px 24px",
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    "@media (max-width: 600px)": { padding: "8px 12px", columnGap: "10px" },
  },
  brand: {
    color: tokens.colorBrandForeground1,
    fontWeight: tokens.fontWeightSemibold,
    fontSize: "18px",
    textDecorationLine: "none",
  },
  trail: {
    display: "flex",
    alignItems: "center",
    gap: "6px",
    minWidth: 0,
    margin: 0,
    padding: 0,
    listStyleType: "none",
    color: tokens.colorNeutralForeground3,
  },
  crumb: {
    overflow: "hidden",
    textOverflow: "ellipsis",
    whiteSpace: "nowrap",
    "@media (max-width: 600px)": { display: "none", ":last-child": { display: "inline" } },
  },
  spacer: { flexGrow: 1 },
  user: { fontWeight: tokens.fontWeightSemibold, whiteSpace: "nowrap" },
});

export interface Crumb {
  readonly label: string;
  /** Absent for the current page. */
  readonly href?: string;
}

/** Follows an in-app link without reloading the page (a modified click opens a new tab as usual). */
export function followLink(event: MouseEvent<HTMLAnchorElement>): void {
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(event.currentTarget.getAttribute("href") ?? "/");
}

/** The header; `trail` is the breadcrumb after the logo, the current page last. */
export function AppHeader(props: { trail: readonly Crumb[] }) {
  const styles = useStyles();
  const { session, signOut } = useSession();
  const administered = administeredOrganizations(session);
  const settingsHref =
    administered[0] !== undefined
      ? paths.orgPolicies(administered[0].name)
      : session.user.isAdmin
        ? paths.instanceUsers()
        : undefined;
  return (
    <header className={styles.bar}>
      <a className={styles.brand} href={paths.tokens()} onClick={followLink} aria-label="Patina home">
        Patina
      </a>
      <nav aria-label="Breadcrumb">
        <ol className={styles.trail}>
          {props.trail.map((crumb, index) => (
            <li key={crumb.label} className={styles.crumb}>
              {index > 0 && <span aria-hidden="true">/ </span>}
              {crumb.href === undefined ? (
                <span aria-current="page">{crumb.label}</span>
              ) : (
                <Link href={crumb.href} onClick={followLink}>
                  {crumb.label}
                </Link>
              )}
            </li>
          ))}
        </ol>
      </nav>
      <span className={styles.spacer} />
      {/* Another page (the server's /_apis/docs), so an ordinary link rather than followLink. */}
      <Link href="/_apis/docs">API reference</Link>
      {settingsHref !== undefined && (
        <Link href={settingsHref} onClick={followLink}>
          {administered.length > 0 ? "Organization settings" : "Instance settings"}
        </Link>
      )}
      <Link className={styles.user} href={paths.profile()} onClick={followLink}>
        {session.user.displayName || session.user.username}
      </Link>
      <Button appearance="subtle" onClick={() => void signOut()}>
        Sign out
      </Button>
    </header>
  );
}
