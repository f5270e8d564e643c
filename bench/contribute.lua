-- wrk script: each request is one participant posting an argument on one
-- article: a distinct text of ~60 words drawn from a small vocabulary, one
-- in ten carrying an email address and a phone number and one in ten a
-- copy of a campaign text, so that the personal-data finder and the
-- near-duplicate index both work as they would in a real consultation.
local tokens, articles = {}, {}
for line in io.lines(os.getenv("TOKENS")) do
  if #line > 0 then tokens[#tokens + 1] = line end
end
for id in string.gmatch(os.getenv("ARTICLES"), "%d+") do
  articles[#articles + 1] = id
end
local words = { "la", "loi", "données", "ouverture", "administration", "citoyens",
  "transparence", "réutilisation", "licence", "gratuité", "accès", "publication",
  "format", "ouvert", "archives", "collectivités", "moyens", "délai", "public",
  "service", "vie", "privée", "protection", "risque", "coût", "innovation" }
local campaign = "Nous demandons que toutes les données publiques soient ouvertes par défaut " ..
  "sans aucune exception et dans un format réutilisable par tous les citoyens et les entreprises"
local n = 0

-- Each wrk thread has its own Lua state, seeded alike: without a seed per
-- thread, both threads would post the same "random" texts (which the
-- near-duplicate detector rightly groups).
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

function init(args)
  math.randomseed(os.time() * 1000 + (id or 0) * 7919)
end

request = function()
  n = n + 1
  local token = tokens[math.random(#tokens)]
  local article = articles[math.random(#articles)]
  local parts = {}
  for i = 1, 60 do parts[i] = words[math.random(#words)] end
  local body = table.concat(parts, " ")
  local r = math.random(10)
  if r == 1 then
    body = body .. " Contact : prenom.nom" .. n .. "@exemple.fr, 06 12 34 56 78."
  elseif r == 2 then
    body = campaign .. " Signé " .. n .. "."
  end
  return wrk.format("POST", "/api/v1/bills/" .. os.getenv("SLUG") .. "/contributions",
    { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" },
    '{"kind":"argument","stance":"for","article_id":' .. article .. ',"body":"' .. body .. '"}')
end
