-- wrk script of the search benchmark (scripts/benchmark_search.sh): each request searches the next
-- term of scripts/search_queries.txt (or the file named by SEARCH_QUERIES), in turn, per connection.
local path = os.getenv("SEARCH_QUERIES") or "scripts/search_queries.txt"
local queries = {}
for line in io.lines(path) do
  if line ~= "" then
    queries[#queries + 1] = line:gsub("[^%w%-%._~]", function(c)
      return string.format("%%%02X", string.byte(c))
    end)
  end
end
local counter = 0

function init(args)
  -- connections start at different places of the list, so the terms rotate across them too
  counter = math.random(#queries)
end

function request()
  counter = counter % #queries + 1
  return wrk.format("GET", "/search/?q=" .. queries[counter])
end
