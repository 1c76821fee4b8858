// JSON.parse for text that came from a user's file, with two guarantees the built-in lacks:
//  - nesting is bounded (MAX_JSON_DEPTH) before anything walks the value: a 100,000-deep `[[[...]]]` parses, but
//    every recursive consumer after it (structured clone to a worker, JSON.stringify, schema checks) overflows the
//    stack with an unnamed RangeError;
//  - the error never quotes the text. V8's messages carry an excerpt of the input ("Unexpected token 'r',
//    "root:x:0:0"... is not valid JSON"), and an error shown to a page must not leak a file it was pointed at.

/** Deeper than any real record (verl rows nest 4 levels); far below what recursive code can walk. */
export const MAX_JSON_DEPTH = 100

export type JsonParse = { ok: true; value: unknown } | { ok: false; problem: string }

/** The 0-based character offset where nesting first exceeds `maxDepth`, or -1. Strings are skipped. */
export function excessiveNestingAt(text: string, maxDepth: number = MAX_JSON_DEPTH): number {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c) i += 1
      else if (c === 0x22) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x5b || c === 0x7b) {
      depth += 1
      if (depth > maxDepth) return i
    } else if (c === 0x5d || c === 0x7d) depth -= 1
  }
  return -1
}

export function parseJsonText(text: string, maxDepth: number = MAX_JSON_DEPTH): JsonParse {
  const deep = excessiveNestingAt(text, maxDepth)
  if (deep >= 0) return { ok: false, problem: `nested deeper than ${maxDepth} levels (at character ${deep + 1})` }
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch (error) {
    return { ok: false, problem: describeJsonError((error as Error).message) }
  }
}

/** What V8 says went wrong, without the excerpt of the input it quotes. */
function describeJsonError(message: string): string {
  if (/end of JSON input|Unterminated string/i.test(message)) return 'not valid JSON: it ends before the value is complete'
  const position = /at position (\d+)/.exec(message)
  const at = position ? ` at character ${Number(position[1]) + 1}` : ''
  if (/Bad control character/i.test(message)) return `not valid JSON: a raw control character inside a string${at}`
  if (/after JSON/i.test(message)) return `not valid JSON: more text after the value${at}`
  return `not valid JSON: unexpected character${at}`
}
