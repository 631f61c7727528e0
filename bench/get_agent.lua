-- wrk script: an authenticated GET of one agent. BENCH_KEY and BENCH_PATH come from the env; the
-- key goes in BENCH_KEY_HEADER when it is set (X-API-Key), else as a Bearer token.
wrk.method = "GET"
wrk.path = os.getenv("BENCH_PATH")
local header = os.getenv("BENCH_KEY_HEADER")
if header and header ~= "" then
  wrk.headers[header] = os.getenv("BENCH_KEY")
else
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_KEY")
end
