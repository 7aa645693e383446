/**
 * A token's scopes in words. The table shows the first few and an "and N more" button that
 * expands the rest in place (no hover needed, so touch and keyboard users reach them too);
 * `expanded` shows them all from the start (the phone cards).
 */
import { Button, makeStyles } from "@fluentui/react-components";
import { useId, useState } from "react";
import { describeScope } from "./scope-selection.ts";

const useStyles = makeStyles({
  list: { margin: 0, padding: 0, listStyleType: "none" },
  more: { minWidth: 0, padding: 0, height: "auto", verticalAlign: "baseline" },
});

const SHOWN = 3;

/** The scopes of `scope` (space-separated, or app_token). */
export function ScopeList(props: { scope: string; expanded?: boolean }) {
  const styles = useStyles();
  const [open, setOpen] = useState(false);
  const id = useId();
  const words = describeScope(props.scope);
  const all = props.expanded === true || open || words.length <= SHOWN;
  const shown = all ? words : words.slice(0, SHOWN);
  return (
    <>
      <ul className={styles.list} id={id}>
        {shown.map((word) => (
          <li key={word}>{word}</li>
        ))}
      </ul>
      {words.length > SHOWN && props.expanded !== true && (
        <Button
          appearance="transparent"
          size="small"
          className={styles.more}
          aria-expanded={open}
          aria-controls={id}
          onClick={() => setOpen(!open)}
        >
          {open ? "Show fewer" : `and ${words.length - SHOWN} more`}
        </Button>
      )}
    </>
  );
}
