-- Appended to every wrk script run.sh uses: one machine-readable line after the run.
-- Latencies are in microseconds; errors are socket errors, non2xx the responses wrk counts
-- as failed by status.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "WRK_RESULT requests=%d duration_us=%d p50_us=%.1f p99_us=%.1f errors=%d non2xx=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, e.status))
end
