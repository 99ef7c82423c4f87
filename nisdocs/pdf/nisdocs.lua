-- pandoc filter: from the AST of a library source to typst that nisdocs' template lays out.
--
-- Reads the metadata field `nisdocs-base`: the absolute URL of the document's page on
-- the published site (empty when the site has no `site_url`); `nisdocs-lang`, the text's
-- language; `nisdocs-hyphenate`, "true" when typst hyphenates that language.
-- A problem in the source stops the filter with an error of the form
--   NISDOCS-PROBLEM<TAB>field<TAB>found<TAB>message
-- which nisdocs turns into a problem report naming the file.

-- The filter's own modules, beside it (tables.lua).
package.path = PANDOC_SCRIPT_FILE:match("(.*/)") .. "?.lua;" .. package.path
local tables = require("tables")

local base = ""
local identifiers = {}

local function problem(field, found, message)
  error("NISDOCS-PROBLEM\t" .. field .. "\t" .. found .. "\t" .. message, 0)
end

-- A typst string literal holding `text` verbatim.
local function typst_string(text)
  text = text:gsub("\\", "\\\\"):gsub("\"", "\\\""):gsub("\n", "\\n"):gsub("\r", "\\r")
  return "\"" .. text .. "\""
end

-- Inline elements that typst writes as a function call (`#emph[…]`, `#strong[…]`,
-- `#link(…)[…]`, `#footnote[…]`, `#sub[…]`, images...) end where the call ends only if
-- what follows cannot continue it. pandoc escapes a "(" or "[" there, not a ".": the
-- text of `*a*.cloud` became `#emph[a].cloud`, a field access typst refuses. A dot
-- right after anything but plain text is written escaped (`\.`, a dot in typst).
local PLAIN = { Str = true, Space = true, SoftBreak = true, LineBreak = true }

local function dots_after_calls(inlines)
  local result = pandoc.List()
  for i, element in ipairs(inlines) do
    local before = inlines[i - 1]
    if element.t == "Str" and element.text:sub(1, 1) == "." and before and not PLAIN[before.t] then
      result:insert(pandoc.RawInline("typst", "\\."))
      if #element.text > 1 then
        result:insert(pandoc.Str(element.text:sub(2)))
      end
    else
      result:insert(element)
    end
  end
  return result
end

-- typst markup for inline elements, through pandoc's own typst writer (so it is escaped).
local function typst_inlines(inlines)
  local text = pandoc.write(pandoc.Pandoc({ pandoc.Plain(dots_after_calls(inlines)) }), "typst")
  return (text:gsub("%s+$", ""))
end

local function has_scheme(target)
  return target:match("^[%a][%w+.-]*:") ~= nil
end

-- Where a relative link of the source leads on the published site.
local function published(target)
  if base == "" then
    return nil
  end
  local path, anchor = target:match("^([^#]*)(#?.*)$")
  path = path:gsub("index%.md$", ""):gsub("%.md$", "/")
  local url = base
  for part in path:gmatch("[^/]+") do
    if part == ".." then
      url = url:gsub("[^/]+/$", "")
    elseif part ~= "." then
      url = url .. part .. "/"
    end
  end
  if not path:match("/$") and path ~= "" then
    url = url:gsub("/$", "")
  end
  return url .. anchor
end

local function remember(element)
  if element.identifier ~= "" then
    identifiers[element.identifier] = true
  end
end

local function image_call(image)
  local alt = pandoc.utils.stringify(image.caption)
  local src = image.src
  if alt:match("^%s*$") then
    problem("image", src, "the image has no alt text; write ![what the image shows](" .. src .. ")")
  end
  if has_scheme(src) or src:match("^/") then
    problem("image", src, "an image must be a file in the document's folder, like images/flow.png")
  end
  local call = "image(" .. typst_string(src) .. ", alt: " .. typst_string(alt)
  local width = image.attributes.width
  if width and width:match("^%d+%%$") then
    call = call .. ", width: " .. width
  end
  return call .. ")"
end

-- A figure: the image with its alt text, captioned by the image's title if it has one,
-- else by its alt text.
local function figure(element)
  local image
  element.content:walk({ Image = function(found) image = image or found end })
  if not image then
    return nil
  end
  local caption = element.caption.long
  if image.title and image.title ~= "" then
    caption = { pandoc.Plain({ pandoc.Str(image.title) }) }
  end
  local caption_markup = typst_inlines(pandoc.utils.blocks_to_inlines(caption))
  return pandoc.RawBlock("typst",
    "#figure(" .. image_call(image) .. ", caption: [" .. caption_markup .. "])")
end

local function image(element)
  return pandoc.RawInline("typst", "#box(" .. image_call(element) .. ")")
end

local function link(element)
  local target = element.target
  if target:match("^#") then
    if identifiers[target:sub(2)] then
      return nil
    end
    return element.content
  end
  if target:match("^https?:") or target:match("^mailto:") then
    return nil
  end
  if has_scheme(target) or target:match("^/") then
    return element.content
  end
  local url = published(target)
  if not url then
    return element.content
  end
  element.target = url
  return element
end

-- An admonition: a box with its kind and title, drawn by the template.
local function admonition(div)
  if not div.classes:includes("nisdocs-admonition") then
    return nil
  end
  local kind = (div.classes[2] or "note"):gsub("[^%w-]", "")
  local title = ""
  local content = pandoc.List()
  for _, block in ipairs(div.content) do
    if block.t == "Div" and block.classes:includes("nisdocs-admonition-title") then
      title = typst_inlines(pandoc.utils.blocks_to_inlines(block.content))
    else
      content:insert(block)
    end
  end
  local blocks = pandoc.List({
    pandoc.RawBlock("typst", "#nisdocs-admonition(" .. typst_string(kind) .. ", [" .. title .. "])["),
  })
  blocks:extend(content)
  blocks:insert(pandoc.RawBlock("typst", "]"))
  return blocks
end

-- pandoc's typst writer turns a "’" of the source into "'", which typst then shows as an
-- opening quote "‘" after a space ("the ’90s", "‘a’ ’ b"). The character is written as
-- it is, as raw typst (a "’" is plain text there).
local APOSTROPHE = "’"

local function apostrophes(str)
  local text = str.text
  if not text:find(APOSTROPHE, 1, true) then
    return nil
  end
  local result, position = pandoc.List(), 1
  while true do
    local at = text:find(APOSTROPHE, position, true)
    if at == nil then break end
    if at > position then result:insert(pandoc.Str(text:sub(position, at - 1))) end
    result:insert(pandoc.RawInline("typst", APOSTROPHE))
    position = at + #APOSTROPHE
  end
  if position <= #text then result:insert(pandoc.Str(text:sub(position))) end
  return result
end

-- French spacing, the rule of nisdocs/typography.py (which spaces the cover's strings
-- alike; its docstring states the rule): a narrow no-break space (U+202F) before : ; ? !
-- and », and after «. A plain or no-break space there becomes one (typst would stretch a
-- no-break space in a justified line); where the sign touches a word, one is inserted.
-- A mark inside a token is left alone ("https://", "10:30", "a;b").
local NARROW = "\u{202F}"
local MARKS = { [":"] = true, [";"] = true, ["?"] = true, ["!"] = true }
local CLOSERS = { ["»"] = true, [")"] = true, ["]"] = true, ['"'] = true, ["'"] = true,
                  ["’"] = true, ["”"] = true }
local SPACES = { [" "] = true, ["\u{00A0}"] = true, [NARROW] = true }

local function opens_french_punctuation(element)
  return element and element.t == "Str"
    and (MARKS[element.text:sub(1, 1)] or element.text:sub(1, #"»") == "»")
end

-- Between words: a space before a mark or », or after «.
local function french_spaces(inlines)
  local result = pandoc.List()
  for index, element in ipairs(inlines) do
    local previous = inlines[index - 1]
    if element.t == "Space" and (opens_french_punctuation(inlines[index + 1])
        or (previous and previous.t == "Str" and previous.text:sub(-#"«") == "«")) then
      result:insert(pandoc.Str(NARROW))
    else
      result:insert(element)
    end
  end
  return result
end

-- Within a word (a Str has no plain spaces): signs that touch it, no-break spaces.
local function french_in_words(str)
  local chars = {}
  for _, code in utf8.codes(str.text) do chars[#chars + 1] = utf8.char(code) end
  local out = {}
  for index, char in ipairs(chars) do
    local before, after = chars[index - 1], chars[index + 1]
    if char == "\u{00A0}" and ((after and (MARKS[after] or after == "»")) or before == "«") then
      char = NARROW
    end
    if char == "»" and before and not SPACES[before] then
      out[#out + 1] = NARROW
    end
    if MARKS[char] and before and not MARKS[before] and not SPACES[before] and before ~= "«" then
      -- A run of marks that ends the word, or is followed by a closing sign.
      local last = index
      while chars[last + 1] and MARKS[chars[last + 1]] do last = last + 1 end
      local next_char = chars[last + 1]
      if next_char == nil or CLOSERS[next_char] then
        out[#out + 1] = NARROW
      end
    end
    out[#out + 1] = char
    if char == "«" and after and not SPACES[after] then
      out[#out + 1] = NARROW
    end
  end
  local text = table.concat(out)
  if text == str.text then return nil end
  return pandoc.Str(text)
end

-- A passage in another language, `<span lang="de">` (the site keeps it as it is): set in
-- that language, so the PDF tags it with its /Lang and hyphenates it by its rules.
local function other_language(span)
  local lang = span.attributes.lang
  if not lang then
    return nil
  end
  local code, region = lang:match("^(%a%a%a?)$"), nil
  if not code then
    code, region = lang:match("^(%a%a%a?)%-(%a%a)$")
  end
  if not code then
    problem("lang", 'lang="' .. lang .. '"', "a passage's language must be a language code, "
      .. "like de, fr or pt-PT (ISO 639 and an optional region)")
  end
  local open = "#nisdocs-lang(" .. typst_string(code:lower()) .. ", "
    .. (region and typst_string(region:upper()) or "none") .. ")["
  local result = pandoc.List({ pandoc.RawInline("typst", open) })
  result:extend(span.content)
  result:insert(pandoc.RawInline("typst", "]"))
  return result
end

-- One pass over the document: converting the AST to Lua is what a pass costs.
function Pandoc(doc)
  if doc.meta["nisdocs-base"] then
    base = pandoc.utils.stringify(doc.meta["nisdocs-base"])
  end
  local language = doc.meta["nisdocs-lang"] and pandoc.utils.stringify(doc.meta["nisdocs-lang"]) or ""
  local hyphenate = not doc.meta["nisdocs-hyphenate"]
    or pandoc.utils.stringify(doc.meta["nisdocs-hyphenate"]) == "true"
  local function table_layout(element)
    return tables.layout(element, hyphenate)
  end
  doc:walk({ Header = remember, Div = remember, Span = remember })
  if language == "fr" then
    doc = doc:walk({ Inlines = french_spaces, Str = french_in_words })
  end
  -- First, so that captions and titles written out below get them too.
  doc = doc:walk({ Str = apostrophes })
  doc = doc:walk({ Figure = figure, Table = table_layout })
  doc = doc:walk({ Image = image, Link = link, Div = admonition, Span = other_language })
  return doc:walk({ Inlines = dots_after_calls })
end
