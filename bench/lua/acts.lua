-- wrk script for the service: realistic acts over the seeded pools (bench/scenario.py).
-- Run with one connection per thread (-t N -c N): each thread owns its candidates, sends one
-- act at a time and follows their state, version (If-Match) and notice dates from responses.
local common = dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

setup = common.setup
done = common.done

local TALK = '{"effective_date":"2026-03-20","talker":{"name":"王书记"},"summary":"谈话融洽，动机端正"}'
local ASSESSMENT = '{"effective_date":"2023-05-15","period":"2023H1","summary":"表现良好，按期参加学习"}'
local MENTORS = '{"effective_date":"2023-05-15","mentors":[{"name":"李四","member_id":"M001"},{"name":"周八"}]}'
local TOO_EARLY = '{"effective_date":"2023-06-01","decided_on":"2023-06-01"}'
local INTERVIEW = '{"effective_date":"2024-06-20","interviewer":{"name":"陈审查"},"motive":"sound",'
  .. '"law_compliance":"compliant","notes":"入党动机端正"}'

local plan, pools, kinds, cumulative, cursor, pending, today, toggle
local next_target

local function days_after(day, days)
  local y, m, d = day:match("(%d+)-(%d+)-(%d+)")
  local t = os.time({ year = tonumber(y), month = tonumber(m), day = tonumber(d) + days, hour = 12 })
  return os.date("%Y-%m-%d", t)
end

function init(args)
  common.init_thread()
  plan = dofile(os.getenv("BENCH_PLAN"))
  pools = plan.phases[os.getenv("BENCH_PHASE") or "measure"][thread_index]
  today = plan.today
  math.randomseed(thread_index * 7919)
  kinds, cumulative = {}, {}
  local total = 0
  for _, entry in ipairs(plan.mix) do
    total = total + entry[2]
    kinds[#kinds + 1], cumulative[#cumulative + 1] = entry[1], total
  end
  for _, target in ipairs(pools.target) do
    target.step, target.day = "open", plan.cycle_starts_on
  end
  cursor, toggle = 0, false
end

local function send(kind, candidate, trigger, token, body, expected)
  pending = { kind = kind, candidate = candidate, expected = expected, started = common.now_ms() }
  local headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }
  if candidate.v then headers["If-Match"] = '"' .. candidate.v .. '"' end
  return wrk.format(
    "POST", "/api/v1/candidates/" .. candidate.id .. "/transitions/" .. trigger, headers, body
  )
end

local function any(pool)
  return pool[math.random(1, #pool)]
end

local CYCLE = {
  open = function(c)
    return "transition", "open_publicity", c.s,
      '{"effective_date":"' .. c.day .. '","starts_on":"' .. c.day .. '","channel":"内网","content":"拟接收为预备党员"}'
  end,
  object = function(c)
    return "record", "file_objection", c.s,
      '{"effective_date":"' .. c.day .. '","received_on":"' .. c.day .. '","summary":"群众来信反映情况"}'
  end,
  resolve = function(c)
    return "record", "resolve_objection", c.s,
      '{"effective_date":"' .. c.day .. '","objection_id":' .. c.objection .. ',"finding":"proceed","note":"经核实不影响发展"}'
  end,
  submit = function(c)
    return "transition", "submit_for_pre_review", c.s,
      '{"effective_date":"' .. c.ends .. '","materials":["入党申请书","政审材料","培训结业证书"]}'
  end,
  reject = function(c)
    return "transition", "reject_pre_review", c.r,
      '{"effective_date":"' .. c.day .. '","reviewer":{"name":"陈审查"},"reasons":"材料需补充"}'
  end,
}

next_target = function()
  local targets = pools.target
  for _ = 1, #targets do
    cursor = cursor % #targets + 1
    local c = targets[cursor]
    -- A cycle moves about a week ahead; stop before its dates would pass today.
    if c.step == "open" and days_after(c.day, 14) > today then c.done = true end
    if not c.done then return c end
  end
  return nil
end

local function choose()
  local draw, kind = math.random() * cumulative[#cumulative], kinds[#kinds]
  for i, bound in ipairs(cumulative) do
    if draw < bound then kind = kinds[i] break end
  end
  if kind == "cycle" then
    local c = next_target()
    if c then
      local category, trigger, token, body = CYCLE[c.step](c)
      return send(category, c, trigger, token, body, 200)
    end
    kind = "assessment"
  end
  if kind == "refusal" then
    local c = any(pools.activist)
    return send("refusal", c, "designate_development_target", c.s, TOO_EARLY, 409)
  elseif kind == "talk" then
    local c = any(pools.applicant)
    return send("record", c, "record_talk", c.s, TALK, 200)
  elseif kind == "interview" then
    local c = any(pools.awaiting)
    return send("record", c, "record_committee_interview", c.r, INTERVIEW, 200)
  end
  local c = any(pools.activist)
  toggle = not toggle
  return send("record", c, toggle and "record_assessment" or "assign_mentors", c.s, toggle and ASSESSMENT or MENTORS, 200)
end

function request()
  return choose()
end

local AFTER = { open = "object", object = "resolve", resolve = "submit", submit = "reject", reject = "open" }

function response(status, headers, body)
  local p = pending
  local c = p.candidate
  common.record(p.kind, status, p.expected, p.started, body)
  if status == 200 then
    c.v = tonumber(body:match('"version":(%d+)'))
    if c.step then
      if c.step == "open" then
        c.ends = body:match('"ends_on":"([%d%-]+)"')
      elseif c.step == "object" then
        c.objection = body:match('"objection_id":(%d+)')
      elseif c.step == "submit" then
        c.day = c.ends
      end
      c.step = AFTER[c.step]
    end
  elseif status ~= p.expected then
    c.v = nil
    if c.step then c.done = true end
  end
end
