-- GET of the URL, PIPELINE (default 16) requests written back to back on each connection;
-- wrk counts every response and records one latency per batch.
local depth = tonumber(os.getenv("PIPELINE") or "16")

init = function(args)
  local batch = {}
  for i = 1, depth do
    batch[i] = wrk.format(nil)
  end
  pipelined = table.concat(batch)
end

request = function()
  return pipelined
end
