-- wrk script for the reference endpoint: POST /items/{random id}/bump with a small JSON body.
local common = dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
local items = tonumber(os.getenv("BENCH_REFERENCE_ITEMS") or "1000")
local body = '{"amount":1,"note":"表现良好，按期考察"}'
local headers = { ["Content-Type"] = "application/json" }
local started

setup = common.setup
done = common.done

function init(args)
  common.init_thread()
  math.randomseed(thread_index * 7919)
end

function request()
  started = common.now_ms()
  return wrk.format("POST", "/items/" .. math.random(1, items) .. "/bump", headers, body)
end

function response(status, _, body)
  common.record("reference", status, 200, started, body)
end
