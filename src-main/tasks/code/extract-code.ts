// Which program does a response hold? The last fenced Python block, after dropping <think>…</think> reasoning
// (as verl's prime_code/__init__.py does). Fences follow CommonMark: ``` or ~~~ (three or more), indented at
// most three spaces, closed by a fence of the same character at least as long; an unclosed fence runs to the end
// of the response (a response cut at the length limit keeps its code, which then usually fails to compile).
// A block counts as Python when its info string is python, python3, py or py3; when no block is tagged Python,
// the last untagged block is taken.
// Departure: the authors' `completion.split("```python")[-1].split("```")[0]` treats a response with no fence as
// pure code; here it scores 0 ("no fenced Python block"), so prose is never executed.

const OPEN = /^( {0,3})(`{3,}|~{3,})[ \t]*([^\s`]*)[^`]*$/
const PYTHON_TAGS = new Set(['python', 'python3', 'py', 'py3'])

interface Block {
  tag: string
  code: string
}

function fencedBlocks(text: string): Block[] {
  const lines = text.split(/\r\n|\r|\n/)
  const blocks: Block[] = []
  let i = 0
  while (i < lines.length) {
    const open = OPEN.exec(lines[i] as string)
    i++
    if (!open) continue
    const indent = (open[1] as string).length
    const fence = open[2] as string
    const close = new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}[ \\t]*$`)
    const body: string[] = []
    while (i < lines.length && !close.test(lines[i] as string)) {
      // CommonMark: content lines lose up to as many leading spaces as the opening fence was indented
      body.push((lines[i] as string).replace(new RegExp(`^ {0,${indent}}`), ''))
      i++
    }
    i++ // the closing fence (or past the end)
    blocks.push({ tag: (open[3] as string).toLowerCase(), code: body.join('\n') })
  }
  return blocks
}

/** The program to run, or null when the response holds no fenced Python block. */
export function extractPythonCode(response: string): string | null {
  const blocks = fencedBlocks(response.replace(/<think>[\s\S]*?<\/think>/gi, ''))
  const python = blocks.filter((b) => PYTHON_TAGS.has(b.tag))
  const chosen = python.length > 0 ? python[python.length - 1] : blocks.filter((b) => b.tag === '').pop()
  return chosen ? chosen.code : null
}
