/** The frame of User settings pages (tokens, token details, profile): header and main area. */
import { makeStyles } from "@fluentui/react-components";
import type { ReactNode } from "react";
import { AppHeader, type Crumb } from "../components/AppHeader.tsx";
import { paths, usePageTitle } from "../router.ts";

const useStyles = makeStyles({
  main: {
    padding: "24px 32px",
    maxWidth: "1280px",
    boxSizing: "border-box",
    "@media (max-width: 700px)": { padding: "16px 12px" },
  },
});

/** A User settings page; `trail` continues the breadcrumb after "User settings". */
export function UserSettingsLayout(props: { title: string; trail: readonly Crumb[]; children: ReactNode }) {
  const styles = useStyles();
  usePageTitle(props.title);
  return (
    <>
      <AppHeader trail={[{ label: "User settings", href: paths.tokens() }, ...props.trail]} />
      <main className={styles.main}>{props.children}</main>
    </>
  );
}
