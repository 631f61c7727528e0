-- wrk script: an authenticated POST /v1/agents (or BENCH_POST_PATH, a surface's create) with a
-- name unique within the run. BENCH_KEY and BENCH_ROUND (so that rounds do not collide on names)
-- come from the env.
wrk.method = "POST"
wrk.path = os.getenv("BENCH_POST_PATH") or "/v1/agents"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_KEY")
wrk.headers["Content-Type"] = "application/json"
local round = os.getenv("BENCH_ROUND") or "0"
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, nil, nil,
    '{"name":"r' .. round .. '-' .. n .. '","capabilities":["research"],"description":"measured"}')
end
