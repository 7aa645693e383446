/** A narrow card in the middle of the page, for sign-in, setup and short notices. */
import { Card, makeStyles, Title2, tokens } from "@fluentui/react-components";
import type { ReactNode } from "react";
import { usePageTitle } from "../router.ts";

const useStyles = makeStyles({
  page: {
    minHeight: "100vh",
    display: "flex",
    alignItems: "flex-start",
    justifyContent: "center",
    paddingTop: "10vh",
    backgroundColor: tokens.colorNeutralBackground2,
  },
  card: { width: "min(440px, 92vw)", padding: "28px" },
});

/** A page made of one titled card. */
export function CenteredCard(props: { title: string; children: ReactNode; tabTitle?: string }) {
  const styles = useStyles();
  // Pages made of a card alone name the tab through it; sign-in and setup set their own.
  usePageTitle(props.tabTitle);
  return (
    <main className={styles.page}>
      <Card className={styles.card}>
        <Title2 as="h1">{props.title}</Title2>
        {props.children}
      </Card>
    </main>
  );
}
