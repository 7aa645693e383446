/**
 * One area of the scope picker: None or one of its cumulative levels, plus its separate scopes.
 * Each choice shows what it allows and its scope string (the one a 403 names, "needs
 * (vso.code_write)"), and the chosen one says when the user's role will not allow all it offers.
 * Descriptions are tied to their radio with aria-describedby, so a radio's name stays its label.
 */
import { Caption1, Checkbox, Label, makeStyles, Radio, RadioGroup, tokens, useId } from "@fluentui/react-components";
import { type RoleScope, roleHints } from "./role-hints.ts";
import { type ScopeArea, type ScopeLevel, type ScopeSelection, withLevel, withSeparate } from "./scope-selection.ts";

/** The radio value of "no access in this area" (no scope string looks like it). */
const NONE = "none";

const useStyles = makeStyles({
  area: { display: "flex", flexDirection: "column", gap: "2px", minWidth: 0 },
  about: { color: tokens.colorNeutralForeground2 },
  choice: { display: "flex", flexDirection: "column", minWidth: 0 },
  // Under the label, past the radio's circle and padding.
  explained: {
    color: tokens.colorNeutralForeground2,
    marginTop: "-6px",
    paddingLeft: "32px",
    paddingBottom: "4px",
    overflowWrap: "anywhere",
  },
  scope: {
    fontFamily: tokens.fontFamilyMonospace,
    color: tokens.colorNeutralForeground1,
    backgroundColor: tokens.colorNeutralBackground3,
    borderRadius: tokens.borderRadiusSmall,
    padding: "0 4px",
    whiteSpace: "nowrap",
  },
  // A warning's colours without an icon package: Fluent's yellow palette, an orange edge.
  hint: {
    color: tokens.colorNeutralForeground1,
    padding: "4px 8px",
    marginTop: "4px",
    borderLeft: `3px solid ${tokens.colorPaletteDarkOrangeBorder2}`,
    backgroundColor: tokens.colorPaletteYellowBackground1,
    overflowWrap: "anywhere",
  },
});

/** What a level allows and its scope string, under its label. */
function Explained(props: { id: string; level: ScopeLevel }) {
  const styles = useStyles();
  return (
    <Caption1 id={props.id} className={styles.explained}>
      {props.level.description} <code className={styles.scope}>{props.level.scope}</code>
    </Caption1>
  );
}

/** The level choice of one area. */
export function ScopeAreaChoice(props: {
  area: ScopeArea;
  selection: ScopeSelection;
  roles: RoleScope;
  onChange: (selection: ScopeSelection) => void;
}) {
  const styles = useStyles();
  const baseId = useId("scope");
  const { area, selection } = props;
  const chosen = area.levels.find((level) => level.scope === selection.levels[area.name]);
  const ticked = (area.separate ?? []).filter((level) => selection.separate.has(level.scope));
  const hints = [
    ...(chosen ? roleHints(chosen.scope, props.roles).map((hint) => `${area.name}: ${chosen.label} — ${hint}`) : []),
    ...ticked.flatMap((level) =>
      roleHints(level.scope, props.roles).map((hint) => `${area.name} ${level.label} — ${hint}`),
    ),
  ];
  const describedBy = (level: ScopeLevel) => `${baseId}-${level.scope}`;
  const fullAccessNote = area.excludedFromFullAccess ? " Not included in Full access; choose it explicitly." : "";

  return (
    <div className={styles.area}>
      <Label id={`${baseId}-name`} weight="semibold">
        {area.name}
      </Label>
      <Caption1 id={`${baseId}-about`} className={styles.about}>
        {area.description}
        {fullAccessNote}
      </Caption1>
      <RadioGroup
        aria-labelledby={`${baseId}-name`}
        aria-describedby={`${baseId}-about`}
        value={selection.levels[area.name] ?? NONE}
        onChange={(_, data) => props.onChange(withLevel(selection, area.name, data.value === NONE ? "" : data.value))}
      >
        <Radio value={NONE} label="None" />
        {area.levels.map((level) => (
          <div key={level.scope} className={styles.choice}>
            <Radio value={level.scope} label={level.label} aria-describedby={describedBy(level)} />
            <Explained id={describedBy(level)} level={level} />
          </div>
        ))}
      </RadioGroup>
      {(area.separate ?? []).map((level) => (
        <div key={level.scope} className={styles.choice}>
          <Checkbox
            label={`${area.name} ${level.label}`}
            aria-describedby={describedBy(level)}
            checked={selection.separate.has(level.scope)}
            onChange={(_, data) => props.onChange(withSeparate(selection, level.scope, data.checked === true))}
          />
          <Explained id={describedBy(level)} level={level} />
        </div>
      ))}
      <div aria-live="polite">
        {hints.map((hint) => (
          <Caption1 key={hint} block className={styles.hint}>
            {hint}
          </Caption1>
        ))}
      </div>
    </div>
  );
}
