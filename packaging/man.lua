-- Markdown docs as man pages.
-- Links: man pages have no hyperlinks; keep the text, drop the target (the
-- targets are sibling docs/*.md files and anchors).
function Link(el)
  return el.content
end

-- Pipe tables escape "|" inside code as "\|"; the man page shows the bar.
function Code(el)
  el.text = el.text:gsub("\\|", "|")
  return el
end

-- Tables: the reference tables have long notes in narrow columns, which tbl
-- cannot set in 80 columns. A definition list reads better in a terminal:
-- the first cell is the term, then one line per other non-empty cell,
-- labelled with its column's heading.
function Table(tbl)
  local labels = {}
  for i, cell in ipairs(tbl.head.rows[1].cells) do
    labels[i] = pandoc.utils.stringify(cell.contents)
  end
  local items = {}
  for _, body in ipairs(tbl.bodies) do
    for _, row in ipairs(body.body) do
      local term = pandoc.utils.blocks_to_inlines(row.cells[1].contents)
      local lines = pandoc.List()
      for i = 2, #row.cells do
        local text = pandoc.utils.blocks_to_inlines(row.cells[i].contents)
        if #text > 0 then
          if #lines > 0 then
            lines:insert(pandoc.RawInline("man", "\n.br\n"))
          end
          lines:extend({pandoc.Emph(labels[i]), pandoc.Str(":"), pandoc.Space()})
          lines:extend(text)
        end
      end
      table.insert(items, {term, {{pandoc.Para(lines)}}})
    end
  end
  return pandoc.DefinitionList(items)
end
