/**
 * A search field kept in the URL (`?search=`): typing updates the list after a short pause, so a
 * reload or a shared link shows the same rows.
 */
import { Field, Input, makeStyles } from "@fluentui/react-components";
import { useEffect, useState } from "react";
import { setQueryParam } from "../router.ts";

const useStyles = makeStyles({
  field: { width: "320px", maxWidth: "100%" },
});

/** Milliseconds of quiet typing before the search is applied. */
const TYPING_PAUSE_MS = 300;

/** The URL parameter of the search. */
export const SEARCH_PARAM = "search";

/** The search field; `value` is what the URL says now. */
export function SearchBox(props: { label: string; hint: string; value: string }) {
  const styles = useStyles();
  const [text, setText] = useState(props.value);
  useEffect(() => {
    if (text.trim() === props.value) return;
    const timer = window.setTimeout(() => setQueryParam(SEARCH_PARAM, text.trim()), TYPING_PAUSE_MS);
    return () => window.clearTimeout(timer);
  }, [text, props.value]);
  return (
    <search>
      <Field label={props.label} hint={props.hint} className={styles.field}>
        <Input type="search" value={text} onChange={(_, data) => setText(data.value)} />
      </Field>
    </search>
  );
}
