-- wrk script: send the request `depth` times per write (HTTP pipelining), as TechEmpower does.
local depth = tonumber(os.getenv("PIPELINE") or "16")
init = function(args)
  local r = {}
  for i = 1, depth do
    r[i] = wrk.format(nil)
  end
  req = table.concat(r)
end
request = function()
  return req
end
