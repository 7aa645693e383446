/** One area of the scope picker: None or one of its cumulative levels, plus its separate scopes. */
import { Checkbox, Field, makeStyles, Radio, RadioGroup } from "@fluentui/react-components";
import { type ScopeArea, type ScopeSelection, withLevel, withSeparate } from "./scope-selection.ts";

/** The radio value of "no access in this area" (no scope string looks like it). */
const NONE = "none";

const useStyles = makeStyles({ row: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: "4px 12px" } });

/** The level choice of one area. */
export function ScopeAreaChoice(props: {
  area: ScopeArea;
  selection: ScopeSelection;
  onChange: (selection: ScopeSelection) => void;
}) {
  const styles = useStyles();
  const { area, selection } = props;
  return (
    <div className={styles.row}>
      <Field
        label={area.name}
        hint={area.excludedFromFullAccess ? "Not included in Full access; choose it explicitly." : undefined}
      >
        <RadioGroup
          layout="horizontal"
          value={selection.levels[area.name] ?? NONE}
          onChange={(_, data) => props.onChange(withLevel(selection, area.name, data.value === NONE ? "" : data.value))}
        >
          <Radio value={NONE} label="None" />
          {area.levels.map((level) => (
            <Radio key={level.scope} value={level.scope} label={level.label} />
          ))}
        </RadioGroup>
      </Field>
      {(area.separate ?? []).map((level) => (
        <Checkbox
          key={level.scope}
          label={`${area.name} ${level.label}`}
          checked={selection.separate.has(level.scope)}
          onChange={(_, data) => props.onChange(withSeparate(selection, level.scope, data.checked === true))}
        />
      ))}
    </div>
  );
}
