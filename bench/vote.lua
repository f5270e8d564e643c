-- wrk script: each request is one participant voting on one article, with
-- a token, an article and a value drawn at random (changing a vote is the
-- same request as casting it).
local tokens, articles = {}, {}
for line in io.lines(os.getenv("TOKENS")) do
  if #line > 0 then tokens[#tokens + 1] = line end
end
for id in string.gmatch(os.getenv("ARTICLES"), "%d+") do
  articles[#articles + 1] = id
end
local values = { "agree", "mixed", "disagree" }

request = function()
  local token = tokens[math.random(#tokens)]
  local article = articles[math.random(#articles)]
  local value = values[math.random(#values)]
  return wrk.format("PUT", "/api/v1/articles/" .. article .. "/vote",
    { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" },
    '{"value":"' .. value .. '"}')
end
