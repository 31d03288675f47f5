-- Shared by the wrk scripts: a monotonic clock, per-kind latency histograms and status counts
-- kept per thread (one connection per thread, so requests and responses alternate), and a JSON
-- summary written by done() to $BENCH_WRK_OUT.
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock_id, bench_timespec *tp);
]]
local CLOCK_MONOTONIC = 1
local timespec = ffi.new("bench_timespec")

local common = {}

function common.now_ms()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, timespec)
  return tonumber(timespec.tv_sec) * 1000 + tonumber(timespec.tv_nsec) / 1e6
end

-- 0.1 ms buckets up to 10 s; slower responses land in the last bucket.
local LAST_BUCKET = 100000

-- Per-thread counters live in one flat table ("kind|count", "kind|s|409", "kind|h|123"):
-- wrk crashes copying nested tables out of a thread.
local function bump(key, by)
  stats[key] = (stats[key] or 0) + (by or 1)
end

function common.record(kind, status, expected, started_ms, sample)
  local elapsed = common.now_ms() - started_ms
  bump(kind .. "|count")
  if status == expected then
    bump(kind .. "|ok")
  elseif #samples < 5 then
    samples[#samples + 1] = kind .. " " .. status .. " " .. string.sub(sample or "", 1, 400)
  end
  bump(kind .. "|s|" .. status)
  bump(kind .. "|h|" .. math.min(math.floor(elapsed * 10), LAST_BUCKET))
end

local function percentile(hist, total, fraction)
  local keys = {}
  for bucket in pairs(hist) do keys[#keys + 1] = bucket end
  table.sort(keys)
  local wanted, seen = math.max(1, math.ceil(total * fraction)), 0
  for _, bucket in ipairs(keys) do
    seen = seen + hist[bucket]
    if seen >= wanted then return (bucket + 0.5) / 10 end
  end
  return nil
end

local function encode(value)
  local kind = type(value)
  if kind == "table" then
    local parts = {}
    if #value > 0 then
      for _, item in ipairs(value) do parts[#parts + 1] = encode(item) end
      return "[" .. table.concat(parts, ",") .. "]"
    end
    for key, item in pairs(value) do
      parts[#parts + 1] = string.format("%q", tostring(key)) .. ":" .. encode(item)
    end
    return "{" .. table.concat(parts, ",") .. "}"
  elseif kind == "string" then
    local text = string.format("%q", value):gsub("\\\n", "\\n")
    return text
  elseif value == nil then
    return "null"
  end
  return tostring(value)
end

local threads = {}

function common.setup(thread)
  threads[#threads + 1] = thread
  thread:set("thread_index", #threads)
end

function common.init_thread()
  stats, samples = {}, {}
end

function common.done(summary, latency, requests)
  local kinds, all, all_total, found = {}, {}, 0, {}
  for _, thread in ipairs(threads) do
    for key, n in pairs(thread:get("stats")) do
      local kind, field, detail = key:match("^([^|]+)|([^|]+)|?(.*)$")
      local merged = kinds[kind] or { count = 0, ok = 0, statuses = {}, hist = {} }
      kinds[kind] = merged
      if field == "count" or field == "ok" then
        merged[field] = merged[field] + n
      elseif field == "s" then
        merged.statuses[detail] = (merged.statuses[detail] or 0) + n
      else
        local bucket = tonumber(detail)
        merged.hist[bucket] = (merged.hist[bucket] or 0) + n
        all[bucket] = (all[bucket] or 0) + n
        all_total = all_total + n
      end
    end
    for _, sample in ipairs(thread:get("samples")) do found[#found + 1] = sample end
  end
  local out = {}
  for kind, merged in pairs(kinds) do
    out[kind] = {
      count = merged.count, ok = merged.ok, statuses = merged.statuses,
      p50_ms = percentile(merged.hist, merged.count, 0.50),
      p99_ms = percentile(merged.hist, merged.count, 0.99),
    }
  end
  local result = {
    requests = summary.requests,
    duration_s = summary.duration / 1e6,
    errors = summary.errors,
    wrk_latency_ms = {
      p50 = latency:percentile(50) / 1000, p90 = latency:percentile(90) / 1000,
      p99 = latency:percentile(99) / 1000, max = latency.max / 1000, mean = latency.mean / 1000,
    },
    latency_ms = {
      p50 = percentile(all, all_total, 0.50), p90 = percentile(all, all_total, 0.90),
      p99 = percentile(all, all_total, 0.99), counted = all_total,
    },
    kinds = out,
    samples = found,
  }
  local file = assert(io.open(os.getenv("BENCH_WRK_OUT"), "w"))
  file:write(encode(result))
  file:close()
end

return common
