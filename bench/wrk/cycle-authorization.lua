-- Cycles through the Authorization header values in the file BENCH_AUTHORIZATION_FILE (one a
-- line), one per request. Every request is formatted once at start, so the per-request cost is
-- the same whether the file holds one valid token or 200,000 forged ones.
local requests = {}
local next_index = 0

init = function(args)
  for value in io.lines(os.getenv("BENCH_AUTHORIZATION_FILE")) do
    requests[#requests + 1] = wrk.format(nil, nil, { Host = wrk.headers["Host"], Authorization = value })
  end
end

request = function()
  next_index = next_index % #requests + 1
  return requests[next_index]
end
