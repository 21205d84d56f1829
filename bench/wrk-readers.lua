-- wrk script for bench/load.ts: every request from a different reader (a distinct
-- X-Forwarded-For address). Settings come from the environment:
-- WRK_PATH, WRK_BODY, WRK_ORIGIN (votes), WRK_FIRST (first reader number).
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

local path = os.getenv("WRK_PATH")
local body = os.getenv("WRK_BODY")
local origin = os.getenv("WRK_ORIGIN")
local n = tonumber(os.getenv("WRK_FIRST") or "0")
local ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36"
codes = {}

function request()
  n = n + 1
  local headers = {
    ["X-Forwarded-For"] = string.format("10.%d.%d.%d", math.floor(n / 65536) % 256, math.floor(n / 256) % 256, n % 256),
    ["User-Agent"] = ua,
  }
  if body and body ~= "" then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    headers["Accept"] = "application/json"
    headers["Origin"] = origin
  end
  return wrk.format("POST", path, headers, body ~= "" and body or nil)
end

function response(status, headers, body)
  codes[status] = (codes[status] or 0) + 1
end

function done(summary, latency, requests)
  local all = {}
  for _, t in ipairs(threads) do
    local c = t:get("codes")
    for k, v in pairs(c) do all[k] = (all[k] or 0) + v end
  end
  local parts = {}
  for k, v in pairs(all) do table.insert(parts, string.format('"%d":%d', k, v)) end
  io.write(string.format('STATUS {%s}\n', table.concat(parts, ",")))
  io.write(string.format('P99US %d\n', latency:percentile(99)))
end
