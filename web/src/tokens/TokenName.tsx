/**
 * A token's name as a link to its details page, with its non-secret hint under it. A long name
 * (up to 256 characters) is clamped to two lines; the whole name stays the link's text, so
 * assistive technology reads all of it, and its tooltip shows it to the eye.
 */
import { Caption1, Link, makeStyles, tokens } from "@fluentui/react-components";
import type { PatToken } from "../api/tokens.ts";
import { followLink } from "../components/AppHeader.tsx";
import { paths } from "../router.ts";

const useStyles = makeStyles({
  name: {
    display: "-webkit-box",
    WebkitBoxOrient: "vertical",
    WebkitLineClamp: 2,
    overflow: "hidden",
    overflowWrap: "anywhere",
    fontWeight: tokens.fontWeightSemibold,
  },
  hint: { display: "block", color: tokens.colorNeutralForeground3, overflowWrap: "anywhere" },
});

/** The name cell of the table and the title of a card. */
export function TokenName(props: { token: PatToken }) {
  const styles = useStyles();
  const { token } = props;
  return (
    <>
      <Link
        className={styles.name}
        href={paths.tokenDetails(token.authorizationId)}
        onClick={followLink}
        title={token.displayName}
      >
        {token.displayName}
      </Link>
      <Caption1 className={styles.hint}>{token.tokenHint}</Caption1>
    </>
  );
}
