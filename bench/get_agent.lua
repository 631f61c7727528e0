-- wrk script: an authenticated GET of one agent. BENCH_KEY and BENCH_PATH come from the env.
wrk.method = "GET"
wrk.path = os.getenv("BENCH_PATH")
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_KEY")
