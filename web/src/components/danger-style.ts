/**
 * The look of a button whose action cannot be undone (Revoke, Remove, Disable). Fluent UI v9 has
 * no danger button; these are its palette's red tokens (white on red 3 is 4.9:1).
 */
import { makeStyles, shorthands, tokens } from "@fluentui/react-components";

export const useDangerStyles = makeStyles({
  danger: {
    backgroundColor: tokens.colorPaletteRedBackground3,
    color: tokens.colorNeutralForegroundOnBrand,
    ...shorthands.borderColor(tokens.colorPaletteRedBorder2),
    ":hover": {
      backgroundColor: tokens.colorPaletteRedForeground1,
      color: tokens.colorNeutralForegroundOnBrand,
      ...shorthands.borderColor(tokens.colorPaletteRedBorder2),
    },
    ":hover:active": {
      backgroundColor: tokens.colorPaletteDarkRedBorderActive,
      color: tokens.colorNeutralForegroundOnBrand,
      ...shorthands.borderColor(tokens.colorPaletteDarkRedBorderActive),
    },
  },
});
