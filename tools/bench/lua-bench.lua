-- Workload 9's script, run by the Lua interpreter built from source for both targets.
-- CPU and allocation heavy on purpose: the interpreter loop, its garbage collector
-- (tables, closures and strings created and dropped by the million) and the C runtime
-- underneath (realloc/free, string formatting, qsort-free table.sort, math).
-- Prints one checksum line so both builds can be compared.
-- Written for Lua 5.2 and later.

local scale = tonumber(arg and arg[1]) or 1

-- 1. binary trees: allocation and collection of many small tables
local function make(depth)
  if depth == 0 then return {} end
  depth = depth - 1
  return { make(depth), make(depth) }
end
local function count(t)
  if t[1] then return 1 + count(t[1]) + count(t[2]) end
  return 1
end
local nodes = 0
for _ = 1, 4 * scale do
  for depth = 4, 16, 2 do nodes = nodes + count(make(depth)) end
end

-- 2. strings: formatting, concatenation, interning, pattern matching
local words = {}
for i = 1, 150000 * scale do
  words[#words + 1] = string.format("w%05d:%x", (i * 7919) % 100003, i)
end
table.sort(words)
local text = table.concat(words, " ", 1, 2000)
local matched = 0
for hex in text:gmatch(":(%x+)") do matched = matched + #hex end

-- 3. closures and upvalues
local function counter()
  local n = 0
  return function(k) n = n + k; return n end
end
local total = 0
for i = 1, 1000000 * scale do
  local c = counter()
  c(i); total = total + c(1)
end

-- 4. floating point
local acc = 0.0
for i = 1, 3000000 * scale do
  acc = acc + math.sqrt(i) * math.sin(i * 0.001)
end

-- total passes 2^31: Lua 5.2's %d goes through C long, 32 bits on Windows
print(string.format("nodes=%d words=%d matched=%d total=%.0f acc=%.6f",
  nodes, #words, matched, total, acc))
