-- wrk script: marketplace tasks through their whole life, post → accept → complete, as fast as
-- the server settles them. Any connection may carry any step: a response feeds the next step
-- into this thread's queues, and each new request takes the furthest step waiting (complete,
-- then accept, then a new post). BENCH_POSTERS: poster keys, comma-separated; BENCH_WORKERS:
-- KEY:AGENT_ID pairs, comma-separated. done() prints "settled N failed M".
local posters, workers, by_agent = {}, {}, {}
for key in string.gmatch(os.getenv("BENCH_POSTERS"), "[^,]+") do posters[#posters + 1] = key end
for pair in string.gmatch(os.getenv("BENCH_WORKERS"), "[^,]+") do
  local key, agent = pair:match("([^:]+):(.+)")
  workers[#workers + 1] = { key = key, agent = agent }
  by_agent[agent] = workers[#workers]
end

local to_accept, to_complete = {}, {}
local n = 0
settled, failed = 0, 0

local function post(path, key, body)
  return wrk.format("POST", path,
    { ["Authorization"] = "Bearer " .. key, ["Content-Type"] = "application/json" }, body)
end

request = function()
  n = n + 1
  local done = table.remove(to_complete)
  if done then
    return post("/v1/tasks/" .. done.id .. "/complete", done.worker.key, '{"result":"ok"}')
  end
  local id = table.remove(to_accept)
  if id then
    local w = workers[n % #workers + 1]
    return post("/v1/tasks/" .. id .. "/accept", w.key, '{"agentId":"' .. w.agent .. '"}')
  end
  return post("/v1/tasks", posters[n % #posters + 1], '{"title":"bench","budget":1}')
end

response = function(status, headers, body)
  if status == 201 then
    to_accept[#to_accept + 1] = body:match('"id":"(tsk_[^"]+)"')
  elseif status == 200 then
    local state = body:match('"status":"(%a+)"')
    if state == "assigned" then
      local worker = by_agent[body:match('"agentId":"(agt_[^"]+)"')]
      to_complete[#to_complete + 1] = { id = body:match('"id":"(tsk_[^"]+)"'), worker = worker }
    elseif state == "completed" then
      settled = settled + 1
    end
  else
    failed = failed + 1
    if not first_failure then first_failure = status .. " " .. body:sub(1, 200) end
  end
end

local threads = {}
setup = function(thread) threads[#threads + 1] = thread end
done = function()
  local s, f, first = 0, 0, nil
  for _, t in ipairs(threads) do
    s = s + t:get("settled")
    f = f + t:get("failed")
    first = first or t:get("first_failure")
  end
  io.write(string.format("settled %d failed %d\n", s, f))
  if first then io.write("first failure: " .. first .. "\n") end
end
