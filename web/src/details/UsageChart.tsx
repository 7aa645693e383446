/**
 * A token's usage over the last 30 days: requests per day and distinct client addresses per day,
 * each as a bar chart (@fluentui/react-charts), with a sentence of totals as the charts' text
 * alternative and a "Show data table" toggle giving every day's figures as a table. A token
 * never used in the period gets an empty state instead of two flat charts.
 */
import {
  Body1,
  Button,
  makeStyles,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Title3,
  tokens,
} from "@fluentui/react-components";
import { lazy, Suspense, useId, useState } from "react";
import type { TokenUsage, UsageDay } from "../api/usage.ts";
import { dayLabel, usageSentence, usageTotals } from "./usage-summary.ts";

// The chart library is most of a megabyte: only this page needs it, so it loads with the page's first chart.
const DailyChart = lazy(() => import("./DailyChart.tsx").then((module) => ({ default: module.DailyChart })));

const useStyles = makeStyles({
  section: { display: "flex", flexDirection: "column", gap: "12px", minWidth: 0 },
  heading: { margin: 0 },
  charts: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fit, minmax(280px, 1fr))",
    gap: "24px",
    minWidth: 0,
  },
  loading: { height: "240px" },
  empty: {
    padding: "24px",
    border: `1px dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    color: tokens.colorNeutralForeground2,
  },
  tableBox: { maxWidth: "480px" },
});

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
      <Title3 as="h2" id={headingId} className={styles.heading}>
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
            <Suspense fallback={<Spinner className={styles.loading} size="small" label="Loading the charts" />}>
              <DailyChart title="Requests per day" series={series} value={(day) => day.requests} color="requests" />
              <DailyChart
                title="Distinct client addresses per day"
                series={series}
                value={(day) => day.distinctClientAddresses}
                color="addresses"
              />
            </Suspense>
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
