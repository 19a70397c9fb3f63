"""pandoc: which one runs, and one process converting a batch of documents.

A pandoc process spends most of its time reading Markdown and setting up its heap, so a
batch (Part A in Word, OpenDocument and HTML) runs in ONE ``pandoc lua`` process that reads
each document once and writes it in every format asked for: the same bytes the command
line gives for ``pandoc --standalone``, in about half the time of a process per file.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import os
import re
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Job", "convert", "path", "pieces"]


@functools.cache
def path() -> str:
    """The pandoc that pypandoc-binary ships, or the one ``PYPANDOC_PANDOC`` names.

    The shipped one is preferred to a newer one elsewhere on the machine (which pypandoc
    would pick, after asking each for its version): it is the version the batch script is
    written for, and the same pandoc gives the same bytes. It is found without importing
    pypandoc, which would cost every build a twentieth of a second.
    """
    chosen = os.environ.get("PYPANDOC_PANDOC")
    spec = importlib.util.find_spec("pypandoc")
    shipped = (Path(spec.submodule_search_locations[0], "files", "pandoc")
               if spec and spec.submodule_search_locations else None)
    if chosen or shipped is None or not shipped.is_file():
        import pypandoc

        return pypandoc.get_pandoc_path()
    return str(shipped)


@dataclass(frozen=True)
class Job:
    """One document to write: its Markdown, the format and file to write it in, the
    reference document to take its styles from, and whether its title block stands on a
    page of its own (Word and OpenDocument only)."""

    markdown: str
    format: str
    output: Path
    reference: Path | None = None
    title_page: bool = False


#: Markdown longer than this is read in pieces of about this size (see :func:`pieces`).
PIECE = 64 * 1024
#: The time a batch may take: this, plus a second for each BYTES_A_SECOND it reads (at 100
#: times Part A's prose, 1.2 MB, pandoc takes about 30 s of the 120 s this allows).
SECONDS = 60
BYTES_A_SECOND = 20_000

#: What makes a document's blocks depend on blocks far away, or lets a block hold blank
#: lines without indenting them: footnotes, reference links and shortcut links (which may
#: name a heading anywhere), example lists, definition lists, table captions, fences,
#: TeX environments, metadata blocks after the first, and HTML block elements.
_WHOLE = re.compile(r"\[\^|^ {0,3}\[[^\]]*\]:|\]\s*\[|\](?![(\[{])|\(@|^[:~](\s|$)|^Table:"
                    r"|^ {0,3}(```|~~~|:::)|\\begin\{|^(---|\.\.\.)\s*$"
                    r"|^ {0,3}<(?!(span|a|em|strong|b|i|abbr|code|br|sup|sub)\b)", re.M)
#: A line that starts a block of its own after a blank line: a heading, or a paragraph
#: or table that is not a list item (``-``, ``+``, ``*``, ``1.``, ``a)``, ``iv.``, ``#.``).
_STARTS = re.compile(r"(?<=\n\n)(?=#{1,6} |[|A-Za-z0-9*_\[])"
                     r"(?!([-+*]|[0-9]+[.)]|[A-Za-z][.)]|[ivxlcdmIVXLCDM]+[.)]|#[.)])(\s|$))")


def pieces(markdown: str, size: int | None = None) -> list[str]:
    """Markdown in pieces of about ``size`` characters, each ending before a block that
    starts at the margin after a blank line, which pandoc reads one at a time and joins:
    its memory is that of the largest piece, not the document, and the blocks are the
    same as from reading it whole. A short document, or one with anything that ties
    blocks far apart together (see ``_WHOLE``), is one piece."""
    size = size or PIECE
    if len(markdown) <= size or _WHOLE.search(markdown.split("\n---\n", 1)[-1]):
        return [markdown]
    found, start = [], 0
    for match in _STARTS.finditer(markdown):
        if match.start() - start >= size:
            found.append(markdown[start:match.start()])
            start = match.start()
    return [*found, markdown[start:]]


#: The heap a batch of documents read in pieces may take, per character of the longest
#: (at least HEAP_LEAST): near it pandoc collects its garbage harder rather than growing.
HEAP_PER_CHARACTER, HEAP_LEAST = 400, 256 * 2**20
#: How such a batch collects its garbage: its oldest data compacted in place (not copied
#: into a second heap as large) and let grow by a fifth before the next collection (not
#: doubled). At 100 times Part A's prose this takes pandoc from 440 MB to 360 MB, for
#: 4 s more CPU.
COMPACT = ["-c", "-F1.2"]


def _heap_cap(split: dict[str, list[str]]) -> list[str]:
    """pandoc's options capping its heap when every long document of a batch is read in
    pieces (a document read whole may need more than any cap linear in its length)."""
    if all(len(parts) < 2 for parts in split.values()):
        return []
    cap = max(HEAP_LEAST, HEAP_PER_CHARACTER * max(map(len, split)))
    return ["+RTS", f"-M{cap // 2**20}m", *COMPACT, "-RTS"]


#: The batch, read as JSON from standard input. A document is read again only when its
#: Markdown differs from the job before's, so one document at a time is held; a long one
#: is read in pieces (its blocks joined), unless headings would then share identifiers.
#: A document read in pieces is written in pieces too, in the formats whose writer holds
#: nothing across blocks (HTML and OpenDocument), unless it has notes, images or maths:
#: each piece's body is written alone and the bodies stand in the document as one raw
#: block, so the writer's memory is that of a piece. OpenDocument's automatic styles
#: (L1, P1, T1, Table1, fr1: numbered anew in each piece) take the piece's number after
#: theirs and go in beside the document's own.
BATCH = """
local jobs = pandoc.json.decode(io.read('a'), false)
local function read_pieces(whole, parts)
  if #parts < 2 then return pandoc.read(whole, 'markdown') end
  local doc, apart = pandoc.read(parts[1], 'markdown'), {}
  local blocks, seen, twice, tied = pandoc.Blocks({}), {}, false, false
  local function tie() tied = true end
  local looked = {Header = function(h)
    if h.identifier ~= '' then
      twice = twice or seen[h.identifier]
      seen[h.identifier] = true
    end
  end, Note = tie, Image = tie, Math = tie}
  for i = 1, #parts do
    apart[i] = i == 1 and pandoc.Blocks({}):extend(doc.blocks)
      or pandoc.read(parts[i], 'markdown').blocks
    apart[i]:walk(looked)  -- piece by piece: a walk copies what it walks
    blocks:extend(apart[i])
  end
  doc.blocks = blocks
  if twice then return pandoc.read(whole, 'markdown') end
  return doc, (not tied) and apart or nil
end
local breaks = {
  docx = {'openxml', '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'},
  odt = {'opendocument', '<text:p text:style-name="Page_20_Break"/>'},
}
local names = {docx = 'openxml', odt = 'opendocument'}
local templates = {}  -- each format's default template, compiled once
local function template(format)
  templates[format] = templates[format] or pandoc.template.compile(
    pandoc.template.default(names[format] or format))
  return templates[format]
end
-- the formats written in pieces: the writer of a piece's body, and its options (the
-- OpenDocument writer's template giving its styles too, its lines unwrapped as in .odt)
local bodies = {html = {'html', {}}, odt = {'opendocument', {wrap_text = 'none',
  template = pandoc.template.compile('$automatic-styles$\\f$body$')}}}
local styled = {['style:name'] = true, ['text:style-name'] = true,
  ['table:style-name'] = true, ['style:list-style-name'] = true, ['table:name'] = true}
local own = {L = true, P = true, T = true, Table = true, fr = true}
local function renamed(xml, piece)
  return (xml:gsub('(%s)([%w:%-]+)="(%a+)(%d+)', function(space, attribute, prefix, number)
    if styled[attribute] and own[prefix] then
      return space .. attribute .. '="' .. prefix .. number .. '_' .. piece
    end
  end))
end
local with_styles = pandoc.template.compile((pandoc.template.default('opendocument'):gsub(
  '%$automatic%-styles%$', '$automatic-styles$\\n$piece-styles$')))
-- the document as one raw block of its pieces' bodies, and the options writing it
local function written_apart(apart, meta, format, options)
  local writer, given = table.unpack(bodies[format])
  local capture, texts, styles = given.template, {}, {}
  for i, blocks in ipairs(apart) do
    local text = pandoc.write(pandoc.Pandoc(blocks, meta), writer, given)
    if capture then
      local style, body = renamed(text, i):match('^(.-)\\f(.*)$')
      styles[i], text = style, body
    end
    if text ~= '' then texts[#texts + 1] = text end  -- a piece of metadata alone
  end
  if capture then
    options.template = with_styles
    options.variables = {['piece-styles'] = table.concat(styles, '\\n')}
  end
  return pandoc.Pandoc({pandoc.RawBlock(writer, table.concat(texts, '\\n'))}, meta)
end
local markdown, read, apart
for _, job in ipairs(jobs) do
  if job.markdown ~= markdown then
    markdown = job.markdown
    read, apart = read_pieces(job.markdown, job.pieces)
  end
  local options = {template = template(job.format)}
  if job.reference then options.reference_doc = job.reference end
  local doc = read
  if apart and bodies[job.format] then
    doc = written_apart(apart, read.meta, job.format, options)
  end
  -- the title page's break goes in for this format and out again (no copy of the document)
  local broken = job.title_page and breaks[job.format]
  if broken then doc.blocks:insert(1, pandoc.RawBlock(table.unpack(broken))) end
  local file = assert(io.open(job.output, 'wb'))
  file:write(pandoc.write(doc, job.format, options))
  file:close()
  if broken then doc.blocks:remove(1) end
end
"""


def convert(jobs: Sequence[Job], epoch: int | None = None) -> None:
    """Write every job's file, in one pandoc process; a failure names the file. Dated
    output takes ``epoch`` where given (passed to pandoc alone, so another thread's
    environment is never touched)."""
    if not jobs:
        return
    split = {job.markdown: pieces(job.markdown) for job in jobs}
    batch = [{"markdown": job.markdown, "format": job.format, "output": str(job.output),
              "title_page": job.title_page, "pieces": split[job.markdown],
              **({"reference": str(job.reference)} if job.reference else {})}
             for job in sorted(jobs, key=lambda job: job.markdown)]
    given = json.dumps(batch, ensure_ascii=False).encode()
    env = None if epoch is None else {**os.environ, "SOURCE_DATE_EPOCH": str(epoch)}
    capped = _heap_cap(split)
    names = ", ".join(sorted(job.output.name for job in jobs))
    limit = SECONDS + len(given) / BYTES_A_SECOND
    try:
        result = subprocess.run([path(), *capped, "lua", "-e", BATCH], input=given,
                                capture_output=True, env=env, timeout=limit)
        if result.returncode and capped:  # the cap was too low for this document: none
            result = subprocess.run([path(), "lua", "-e", BATCH], input=given,
                                    capture_output=True, env=env, timeout=limit)
    except subprocess.TimeoutExpired:
        raise RuntimeError(f"pandoc took more than {limit:.0f} s on {names}") from None
    if result.returncode:
        raise RuntimeError(f"pandoc failed on {names}: "
                           + result.stderr.decode(errors="replace").strip())
