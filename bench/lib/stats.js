// Small helpers for the figures: medians, rounding, per-round lists and target checks.

/** The median of a non-empty list of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The q-quantile (0–1) of a non-empty list, nearest rank. */
export function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** Per-round ratios a[i] / b[i]. */
export function ratios(numerators, denominators) {
  return numerators.map((value, i) => value / denominators[i]);
}

/** Rounds to a whole number with thin-space thousands, for req/s. */
export function whole(value) {
  return Math.round(value).toLocaleString("en-US").replaceAll(",", " ");
}

/** Two decimals, for ratios. */
export function two(value) {
  return value.toFixed(2);
}

/** Values joined the way docs/benchmarks.md shows rounds. */
export function perRound(values, format) {
  return values.map(format).join(" · ");
}

/** "yes"/"no" for a figure against a target like { atLeast: 0.8 } or { atMost: 1.2 }. */
export function meets(value, target) {
  if (target.atLeast !== undefined) return value >= target.atLeast ? "yes" : "**no**";
  return value <= target.atMost ? "yes" : "**no**";
}

/** The target as the table prints it. */
export function targetText(target) {
  return target.atLeast !== undefined ? `≥ ${target.atLeast}` : `≤ ${target.atMost}`;
}

/** The columns of every figure table. */
export const FIGURE_COLUMNS = ["measure", "per round", "median", "target", "met"];

/** A row of a figure without a target: its rounds and their median. */
export function figureRow(label, values, format) {
  return [label, perRound(values, format), format(median(values)), "", ""];
}

/** A row of a figure with a target: bold, with the target and whether the median meets it. */
export function targetRow(label, values, format, target) {
  const middle = median(values);
  return [`**${label}**`, perRound(values, format), `**${format(middle)}**`, targetText(target), meets(middle, target)];
}

/** A Markdown table from a header and rows of cells. */
export function table(header, rows) {
  const line = (cells) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

/** Runs `sides` (name → async () => figure) for `rounds` rounds, rotating the order each round. */
export async function alternate(sides, rounds, log) {
  const names = Object.keys(sides);
  const results = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    const order = names.map((_, i) => names[(i + round) % names.length]);
    for (const name of order) {
      const figure = await sides[name]();
      results[name].push(figure);
      log(`round ${round + 1}/${rounds} ${name}: ${JSON.stringify(figure)}`);
    }
  }
  return results;
}
