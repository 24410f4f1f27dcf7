-- wrk script: requests go through the paths listed (one per line) in the file named after "--",
-- taking compressed answers as browsers do; when the run ends, one JSON line with throughput,
-- latency percentiles and errors.
--   -- paths.txt            each thread cycles through every path, from a random one
--   -- paths.txt once N     each of the N threads takes its own share of the paths, in order:
--                           with more paths than the run asks for, no URL is asked for twice
local paths = {}
local counter = 0
local once = false
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
end

function init(args)
  once = args[2] == "once"
  local threads = tonumber(args[3] or "1")
  local index = 0
  for line in io.lines(args[1]) do
    if line ~= "" then
      if not once or index % threads == id then paths[#paths + 1] = line end
      index = index + 1
    end
  end
  if not once then counter = math.random(#paths) end
end

function request()
  counter = counter % #paths + 1
  return wrk.format("GET", paths[counter], {["Accept-Encoding"] = "gzip, deflate, br"})
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "rps": %.1f, "p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, ' ..
    '"max_ms": %.2f, "non_2xx_3xx": %d, "socket_errors": %d, "timeouts": %d}\n',
    summary.requests, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, errors.status, errors.connect + errors.read + errors.write,
    errors.timeout))
end
