/**
 * One day-by-day bar chart (@fluentui/react-charts), loaded only with the details page.
 */
import type { VerticalBarChartDataPoint } from "@fluentui/react-charts";
import { DataVizPalette, getColorFromToken, VerticalBarChart } from "@fluentui/react-charts";
import { makeStyles, Subtitle2 } from "@fluentui/react-components";
import type { UsageDay } from "../api/usage.ts";
import { chartDescription, dayLabel } from "./usage-summary.ts";

const useStyles = makeStyles({
  chart: { minWidth: 0 },
  heading: { margin: "0 0 8px" },
  // The chart takes its parent's size (its root is 100% high), so the parent's height is fixed.
  plot: { height: "220px", minWidth: 0, overflow: "hidden" },
  fill: { height: "100%" },
});

// Colours as values, not CSS variables: they become SVG fill attributes, which take no var().
const COLORS = {
  requests: getColorFromToken(DataVizPalette.color1),
  addresses: getColorFromToken(DataVizPalette.color2),
};

function points(series: readonly UsageDay[], value: (day: UsageDay) => number, legend: string, color: string) {
  return series.map(
    (day): VerticalBarChartDataPoint => ({
      x: dayLabel(day.date),
      y: value(day),
      legend,
      color,
      xAxisCalloutData: dayLabel(day.date),
    }),
  );
}

/**
 * One day-by-day bar chart, with its title as a heading. The chart is a picture of the numbers:
 * assistive technology gets them as the picture's description and in the data table, and the
 * chart itself is inert. Its own keyboard support (a focus group of bars with tooltips) puts
 * Fluent's focusable hidden focus guards in the page, which axe-core rightly reports
 * (aria-hidden-focus). Without it there are no hover tooltips: each day's figures are in the
 * data table under the charts.
 */
export function DailyChart(props: {
  title: string;
  series: readonly UsageDay[];
  value: (day: UsageDay) => number;
  color: keyof typeof COLORS;
}) {
  const styles = useStyles();
  return (
    <div className={styles.chart}>
      <Subtitle2 as="h3" className={styles.heading}>
        {props.title}
      </Subtitle2>
      <div role="img" aria-label={chartDescription(props.title, props.series, props.value)} className={styles.plot}>
        <div inert className={styles.fill}>
          <VerticalBarChart
            chartTitle={props.title}
            data={points(props.series, props.value, props.title, COLORS[props.color])}
            hideLegend
            hideTooltip
            hideTickOverlap
            yAxisTickCount={4}
            barWidth="auto"
            maxBarWidth={16}
            xAxisInnerPadding={0.25}
          />
        </div>
      </div>
    </div>
  );
}
