-- wrk script: queue runs of echo agents as fast as the server takes them. BENCH_KEY: the
-- consumer's key; BENCH_AGENTS: agent ids, comma-separated. done() prints "queued N failed M".
local agents = {}
for id in string.gmatch(os.getenv("BENCH_AGENTS"), "[^,]+") do agents[#agents + 1] = id end
local headers = { ["Authorization"] = "Bearer " .. os.getenv("BENCH_KEY"),
                  ["Content-Type"] = "application/json" }
local n = 0
queued, failed, first_failure = 0, 0, ""

request = function()
  n = n + 1
  return wrk.format("POST", "/v1/agents/" .. agents[n % #agents + 1] .. "/runs", headers,
    '{"input":{"message":"hello"}}')
end

response = function(status, headers, body)
  if status == 202 then
    queued = queued + 1
  else
    failed = failed + 1
    if first_failure == "" then first_failure = status .. " " .. body end
  end
end

local threads = {}
setup = function(thread) threads[#threads + 1] = thread end
done = function()
  local q, f = 0, 0
  for _, t in ipairs(threads) do
    q = q + t:get("queued")
    f = f + t:get("failed")
  end
  io.write(string.format("queued %d failed %d\n", q, f))
  for _, t in ipairs(threads) do
    local first = t:get("first_failure")
    if first ~= "" then io.write("first failure: " .. first .. "\n") break end
  end
end
