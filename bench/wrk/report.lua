-- Appended to every wrk script the benchmarks run: prints wrk's summary as one JSON line that
-- bench/lib/wrk.js reads, instead of parsing wrk's human-readable text.
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"durationUs":%d,"statusErrors":%d,"connectErrors":%d,"readErrors":%d,' ..
    '"writeErrors":%d,"timeouts":%d,"latencyMeanUs":%.1f,"latencyP50Us":%d,"latencyP99Us":%d}\n',
    summary.requests, summary.duration, errors.status, errors.connect, errors.read, errors.write,
    errors.timeout, latency.mean, latency:percentile(50), latency:percentile(99)))
end
