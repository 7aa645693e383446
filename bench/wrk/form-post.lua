-- An RFC 7662 introspection request: POST with an HTML-form body (BENCH_FORM_BODY). The
-- Authorization header comes from wrk's -H, like every other request the benchmarks send.
wrk.method = "POST"
wrk.body = os.getenv("BENCH_FORM_BODY")
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
