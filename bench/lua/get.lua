-- wrk script for one fixed GET ($BENCH_PATH) with a bearer token ($BENCH_TOKEN): latency only.
local common = dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
local path = os.getenv("BENCH_PATH")
local headers = { ["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN") }
local started

setup = common.setup
done = common.done

function init(args)
  common.init_thread()
end

function request()
  started = common.now_ms()
  return wrk.format("GET", path, headers)
end

function response(status, _, body)
  common.record("get", status, 200, started, body)
end
