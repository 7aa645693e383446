/**
 * A token's usage over the last 30 days: requests per day and distinct client addresses per day,
 * each as a bar chart (@fluentui/react-charts), with a sentence of totals as the charts' text
 * alternative and a "Show data table" toggle giving every day's figures as a table. A token
 * never used in the period gets an empty state instead of two flat charts.
 */
import type { VerticalBarChartDataPoint } from "@fluentui/react-charts";
import { DataVizPalette, getColorFromToken, VerticalBarChart } from "@fluentui/react-charts";
import {
  Body1,
  Button,
  makeStyles,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Title3,
  tokens,
} from "@fluentui/react-components";
import { useId, useState } from "react";
import type { TokenUsage, UsageDay } from "../api/usage.ts";
import { chartDescription, dayLabel, usageSentence, usageTotals } from "./usage-summary.ts";

const useStyles = makeStyles({
  section: { display: "flex", flexDirection: "column", gap: "12px", minWidth: 0 },
  charts: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fit, minmax(280px, 1fr))",
    gap: "24px",
    minWidth: 0,
  },
  chart: { minWidth: 0 },
  // The chart takes its parent's size (its root is 100% high), so the parent's height is fixed.
  plot: { height: "220px", minWidth: 0, overflow: "hidden" },
  fill: { height: "100%" },
  empty: {
    padding: "24px",
    border: `1px dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    color: tokens.colorNeutralForeground2,
  },
  tableBox: { maxWidth: "480px" },
});

// Colours as values, not CSS variables: they become SVG fill attributes, which take no var().
const REQUESTS_COLOR = getColorFromToken(DataVizPalette.color1);
const ADDRESSES_COLOR = getColorFromToken(DataVizPalette.color2);

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
 * (aria-hidden-focus); the values are shown on the bars instead of in tooltips.
 */
function DailyChart(props: {
  title: string;
  series: readonly UsageDay[];
  value: (day: UsageDay) => number;
  color: string;
}) {
  const styles = useStyles();
  return (
    <div className={styles.chart}>
      <Subtitle2 as="h3">{props.title}</Subtitle2>
      <div role="img" aria-label={chartDescription(props.title, props.series, props.value)} className={styles.plot}>
        <div inert className={styles.fill}>
          <VerticalBarChart
            chartTitle={props.title}
            data={points(props.series, props.value, props.title, props.color)}
            hideLegend
            hideTooltip
            hideTickOverlap
            yAxisTickCount={4}
            barWidth="auto"
            maxBarWidth={16}
          />
        </div>
      </div>
    </div>
  );
}

/** The usage section of the details page. */
export function UsageChart(props: { usage: TokenUsage }) {
  const styles = useStyles();
  const [showTable, setShowTable] = useState(false);
  const tableId = useId();
  const headingId = useId();
  const { series, days } = props.usage;
  const totals = usageTotals(series);
  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <Title3 as="h2" id={headingId}>
        Usage in the last {days} days
      </Title3>
      {totals.requests === 0 ? (
        <div className={styles.empty}>
          <Body1>
            This token has not been used in the last {days} days. Requests made with it appear here, one bar per day
            (UTC).
          </Body1>
        </div>
      ) : (
        <>
          <Body1>{usageSentence(totals, days)} Days are UTC days.</Body1>
          <div className={styles.charts}>
            <DailyChart title="Requests per day" series={series} value={(day) => day.requests} color={REQUESTS_COLOR} />
            <DailyChart
              title="Distinct client addresses per day"
              series={series}
              value={(day) => day.distinctClientAddresses}
              color={ADDRESSES_COLOR}
            />
          </div>
          <div>
            <Button aria-expanded={showTable} aria-controls={tableId} onClick={() => setShowTable((shown) => !shown)}>
              {showTable ? "Hide data table" : "Show data table"}
            </Button>
          </div>
          <div id={tableId} className={styles.tableBox} hidden={!showTable}>
            {showTable && <UsageTable series={series} />}
          </div>
        </>
      )}
    </section>
  );
}

/** Every day's figures, newest first. */
function UsageTable(props: { series: readonly UsageDay[] }) {
  return (
    <Table size="small" aria-label="Usage per day">
      <TableHeader>
        <TableRow>
          <TableHeaderCell>Day (UTC)</TableHeaderCell>
          <TableHeaderCell>Requests</TableHeaderCell>
          <TableHeaderCell>Client addresses</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {[...props.series].reverse().map((day) => (
          <TableRow key={day.date}>
            <TableCell>{dayLabel(day.date)}</TableCell>
            <TableCell>{day.requests}</TableCell>
            <TableCell>{day.distinctClientAddresses}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
