-- wrk script: one MCP tools/call (get_agent) on an open session. BENCH_KEY, BENCH_SESSION and
-- BENCH_AGENT come from the env.
wrk.method = "POST"
wrk.path = "/mcp"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_KEY")
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json, text/event-stream"
wrk.headers["Mcp-Session-Id"] = os.getenv("BENCH_SESSION")
wrk.headers["MCP-Protocol-Version"] = "2025-11-25"
wrk.body = '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"get_agent",' ..
  '"arguments":{"agentId":"' .. os.getenv("BENCH_AGENT") .. '"}}}'
