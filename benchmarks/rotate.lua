-- wrk script: GET request paths in turn, each with a token that is new for every request.
--
--   wrk -t2 -c8 -d10s --latency -H 'Accept: …' -s rotate.lua http://127.0.0.1:PORT -- PATHS RUN
--
-- PATHS is a file of request paths, one a line. Every "BENCHN" in a path is replaced by
-- RUN .. "t" .. thread .. "n" .. request number, so no two requests of a run are the same
-- text (the SPARQL queries keep their token in a filter that is always true). Threads start
-- at different places in the list. done() prints one line "BENCH-JSON {...}" with the
-- figures serve.py reads (microseconds), beside wrk's own --latency report.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    if #line > 0 then
      paths[#paths + 1] = line
    end
  end
  run = args[2] or "0"
  nthreads = tonumber(args[3]) or 1
  counter = 0
  start = math.floor((tid - 1) * #paths / nthreads)
end

function request()
  counter = counter + 1
  local path = paths[(start + counter - 1) % #paths + 1]
  path = string.gsub(path, "BENCHN", run .. "t" .. tid .. "n" .. counter)
  return wrk.format("GET", path)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH-JSON {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
    '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d, ' ..
    '"p50_us": %d, "p90_us": %d, "p99_us": %d, "mean_us": %.1f, "max_us": %d}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.mean, latency.max))
end
