-- wrk script: an authenticated POST /v1/agents (or BENCH_POST_PATH, a surface's create) with a
-- name unique within the run. BENCH_KEY and BENCH_ROUND (so that rounds do not collide on names)
-- come from the env.
wrk.method = "POST"
wrk.path = os.getenv("BENCH_POST_PATH") or "/v1/agents"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_KEY")
wrk.headers["Content-Type"] = "application/json"
local round = os.getenv("BENCH_ROUND") or "0"
-- BENCH_IDEMPOTENT=1: each request carries an Idempotency-Key of its own, as a client that may
-- be retried (by itself or by a load balancer) sends.
local idempotent = os.getenv("BENCH_IDEMPOTENT") == "1"
local n = 0
request = function()
  n = n + 1
  local name = "r" .. round .. "-" .. n
  local headers = nil
  if idempotent then
    headers = {}
    for k, v in pairs(wrk.headers) do headers[k] = v end
    headers["Idempotency-Key"] = name
  end
  return wrk.format(nil, nil, headers,
    '{"name":"' .. name .. '","capabilities":["research"],"description":"measured"}')
end
