-- nisdocs.lua's table layout: each table's column widths, size, width and breaking rules,
-- from its content. A module of the filter (required by nisdocs.lua), so that each file
-- does one thing.

local M = {}

-- A table's header row repeats on every page it spans, as a PDF artifact, and PDF/UA-1
-- allows no link in an artifact: a long table with a link in its header could not be
-- made. A link in the header is written as its text (the body keeps its links).
local function header_without_links(element)
  for _, row in ipairs(element.head.rows) do
    for _, cell in ipairs(row.cells) do
      cell.contents = cell.contents:walk({ Link = function(found) return found.content end })
    end
  end
end

-- Table layout. The template sets the body on a measure of 12.4 cm and a table of
-- WIDE_FROM columns or more on 16.2 cm (`nisdocs-wide`), in a smaller size the more
-- columns it has. Columns are as wide as their content needs, not as the Markdown's
-- dashes suggest: each column has room for its longest word (a word counts up to where a
-- line may break anyway, and at most LONG_WORD characters, since a longer one can be
-- hyphenated or gets break points, see `breakable`); what is left is shared by the
-- length of the columns' text, so a description column is not squeezed into a fifth of
-- the page. Keep these numbers equal to the template's.
local MEASURE_PT = 12.4 / 2.54 * 72
local WIDE_PT = 16.2 / 2.54 * 72
local WIDE_FROM = 4
local INSET_PT = 10 -- a cell's inset, both sides
local CHAR_EM = 0.62 -- a generous width of a letter of Libertinus Serif, bold, in em
local LONG_WORD = 10
local PAGE_LINES = 40 -- lines of a table's text a page holds, about

local function table_size(columns)
  if columns >= 7 then return 8 elseif columns >= 5 then return 9 elseif columns >= 3 then return 10 end
  return 10.5
end

-- Every row of a table: the header's, then each body's.
local function table_rows(element)
  local rows = {}
  for _, row in ipairs(element.head.rows) do rows[#rows + 1] = row end
  for _, body in ipairs(element.bodies) do
    for _, row in ipairs(body.body) do rows[#rows + 1] = row end
  end
  return rows
end

local function text_length(text)
  return utf8.len(text) or #text
end

-- Each column's share of the table's width, and whether a row could be taller than a
-- page (then rows may break, or typst could not place it).
local function column_shares(element, width, size)
  local columns = #element.colspecs
  local totals, counts, longest = {}, {}, {}
  local rows = table_rows(element)
  local header_rows = #element.head.rows
  for number, row in ipairs(rows) do
    for index, cell in ipairs(row.cells) do
      local text = pandoc.utils.stringify(cell.contents)
      -- The header's words need room, but its length does not size a column: a long
      -- heading over a column of letters wraps.
      if number > header_rows or #rows == header_rows then
        totals[index] = (totals[index] or 0) + text_length(text)
        counts[index] = (counts[index] or 0) + 1
      end
      for word in text:gmatch("[^%s/%-]+") do
        longest[index] = math.max(longest[index] or 1, math.min(text_length(word), LONG_WORD))
      end
    end
  end
  local char_pt = CHAR_EM * size
  local minimum, weights, spare, weight_sum = {}, {}, width, 0
  for index = 1, columns do
    minimum[index] = (longest[index] or 1) * char_pt + INSET_PT
    spare = spare - minimum[index]
    local mean = (totals[index] or 0) / math.max(counts[index] or 1, 1)
    -- Long texts grow slower than their length: they wrap over more lines instead.
    weights[index] = math.sqrt(mean) + 0.5
    weight_sum = weight_sum + weights[index]
  end
  local shares = {}
  for index = 1, columns do
    local extra = spare > 0 and spare * weights[index] / weight_sum or 0
    shares[index] = (minimum[index] + extra) / (spare > 0 and width or (width - spare))
  end
  local tall = false
  for _, row in ipairs(rows) do
    for index, cell in ipairs(row.cells) do
      local per_line = math.max((shares[index] * width - INSET_PT) / char_pt, 1)
      local lines = text_length(pandoc.utils.stringify(cell.contents)) / per_line
      tall = tall or lines > PAGE_LINES
    end
  end
  return shares, tall
end

-- Where a token typst cannot hyphenate may break in a narrow column: a URL, an
-- identifier, a number with letters; in a language typst does not hyphenate, any long
-- word. Such a run of more than LONG_WORD characters gets a soft hyphen every
-- LONG_WORD / 2 characters: the line breaks there, with a hyphen, only if it must.
-- Words typst hyphenates are left to its patterns, which break them where the language
-- does.
local SOFT_HYPHEN = "\u{00AD}"

local function needs_break_points(run, hyphenate)
  return not hyphenate or run:find("[%d%._:@=?&#]") ~= nil
end

local function breakable(text, hyphenate)
  return (text:gsub("[^%s/%-]+", function(run)
    local length = utf8.len(run)
    if not length or length <= LONG_WORD or not needs_break_points(run, hyphenate) then
      return run
    end
    local pieces, index = {}, 0
    for _, code in utf8.codes(run) do
      if index > 0 and index % (LONG_WORD // 2) == 0 and length - index > 2 then
        pieces[#pieces + 1] = SOFT_HYPHEN
      end
      pieces[#pieces + 1] = utf8.char(code)
      index = index + 1
    end
    return table.concat(pieces)
  end))
end

local function breakable_cells(element, hyphenate)
  local function soften(str)
    str.text = breakable(str.text, hyphenate)
    return str
  end
  for _, row in ipairs(table_rows(element)) do
    for _, cell in ipairs(row.cells) do
      cell.contents = cell.contents:walk({ Str = soften })
    end
  end
end

-- A footnote in the header is a link too (to its note): such a header is not repeated,
-- so that it stays content, not an artifact.
local function header_has_note(element)
  local found = false
  for _, row in ipairs(element.head.rows) do
    for _, cell in ipairs(row.cells) do
      cell.contents:walk({ Note = function() found = true end })
    end
  end
  return found
end

-- A table as the template sets it: raw typst around it for its size, width and rules.
-- `hyphenates`: whether typst hyphenates the text's language.
function M.layout(element, hyphenates)
  header_without_links(element)
  local columns = #element.colspecs
  local wide = columns >= WIDE_FROM
  local size = table_size(columns)
  local shares, tall = column_shares(element, wide and WIDE_PT or MEASURE_PT, size)
  for index, spec in ipairs(element.colspecs) do
    -- Columns the Markdown did not align start where the text starts.
    local align = spec[1] == pandoc.AlignDefault and pandoc.AlignLeft or spec[1]
    element.colspecs[index] = { align, shares[index] }
  end
  breakable_cells(element, hyphenates)
  local settings = { "#set text(size: " .. size .. "pt)" }
  if header_has_note(element) then
    table.insert(settings, "#set table.header(repeat: false)")
  end
  if tall then
    table.insert(settings, "#set table.cell(breakable: true)")
  end
  local open = wide and "#nisdocs-wide[" or "#["
  return { pandoc.RawBlock("typst", open .. table.concat(settings, "\n")), element,
           pandoc.RawBlock("typst", "]") }
end

return M
