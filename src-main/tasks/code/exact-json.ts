// JSON that keeps every number exactly as written. APPS answers are often integers beyond 2^53 (factorials, sums
// mod nothing); JSON.parse would round both the expected value and the program's return value to the same double
// and call two different integers equal. Here a number stays its source text, and equality compares it the way
// Python's `==` does (the authors' runner compares Python objects): integers exactly, int vs float by value,
// True == 1.

export class JsonNumber {
  constructor(readonly text: string) {}
}

export type ExactJson = null | boolean | string | JsonNumber | ExactJson[] | Map<string, ExactJson>

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
const WHITESPACE = /[ \t\n\r]*/y
const MAX_DEPTH = 5000

/** Parse JSON text; `what` names the text in errors, e.g. `reference.outputs[3]`. */
export function parseExactJson(text: string, what: string): ExactJson {
  let pos = 0
  const fail = (message: string): never => {
    const before = text.slice(0, pos)
    const line = before.split('\n').length
    const column = pos - before.lastIndexOf('\n')
    throw new SyntaxError(`${what}: invalid JSON at line ${line} column ${column}: ${message}`)
  }
  const skip = () => {
    WHITESPACE.lastIndex = pos
    WHITESPACE.exec(text)
    pos = WHITESPACE.lastIndex
  }
  const stringToken = (): string => {
    const start = pos
    pos++
    for (;;) {
      const c = text[pos]
      if (c === undefined) fail('unterminated string')
      if (c === '"') break
      pos += c === '\\' ? 2 : 1
    }
    pos++
    try {
      return JSON.parse(text.slice(start, pos)) as string
    } catch {
      pos = start
      return fail('bad string escape or control character')
    }
  }
  const value = (depth: number): ExactJson => {
    if (depth > MAX_DEPTH) fail(`nested deeper than ${MAX_DEPTH}`)
    skip()
    const c = text[pos]
    if (c === '"') return stringToken()
    if (c === '[') {
      pos++
      const items: ExactJson[] = []
      skip()
      if (text[pos] === ']') {
        pos++
        return items
      }
      for (;;) {
        items.push(value(depth + 1))
        skip()
        if (text[pos] === ',') pos++
        else if (text[pos] === ']') {
          pos++
          return items
        } else fail('expected "," or "]"')
      }
    }
    if (c === '{') {
      pos++
      const entries = new Map<string, ExactJson>()
      skip()
      if (text[pos] === '}') {
        pos++
        return entries
      }
      for (;;) {
        skip()
        if (text[pos] !== '"') fail('expected a string key')
        const key = stringToken()
        skip()
        if (text[pos] !== ':') fail('expected ":"')
        pos++
        entries.set(key, value(depth + 1))
        skip()
        if (text[pos] === ',') pos++
        else if (text[pos] === '}') {
          pos++
          return entries
        } else fail('expected "," or "}"')
      }
    }
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, pos)) {
        pos += word.length
        return v
      }
    }
    NUMBER.lastIndex = pos
    const m = NUMBER.exec(text)
    if (m) {
      pos = NUMBER.lastIndex
      return new JsonNumber(m[0])
    }
    return fail(c === undefined ? 'unexpected end of text' : `unexpected character ${JSON.stringify(c)}`)
  }
  const result = value(0)
  skip()
  if (pos < text.length) fail('text after the value')
  return result
}

/** JSON text with every number written as it was parsed. */
export function stringifyExactJson(v: ExactJson): string {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return JSON.stringify(v)
  if (v instanceof JsonNumber) return v.text
  if (Array.isArray(v)) return `[${v.map(stringifyExactJson).join(',')}]`
  return `{${[...v].map(([k, x]) => `${JSON.stringify(k)}:${stringifyExactJson(x)}`).join(',')}}`
}

const INTEGER = /^-?\d+$/

/** A number's value as Python would hold it: an exact integer, or a double. Booleans count as 0/1, as in Python. */
function numeric(v: JsonNumber | boolean): bigint | number {
  if (typeof v === 'boolean') return v ? 1n : 0n
  return INTEGER.test(v.text) ? BigInt(v.text) : Number(v.text)
}

function numbersEqual(a: bigint | number, b: bigint | number): boolean {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a === b
  if (typeof a === 'number' && typeof b === 'number') return a === b
  // int vs float: equal only when the float is exactly that integer (Python compares them exactly)
  const [i, f] = typeof a === 'bigint' ? [a, b as number] : [b as bigint, a]
  return Number.isInteger(f) && BigInt(f) === i
}

/** Python-style `==` on JSON values: lists and tuples are both arrays; dict key order does not matter. */
export function exactJsonEqual(a: ExactJson, b: ExactJson): boolean {
  const aNum = a instanceof JsonNumber || typeof a === 'boolean'
  const bNum = b instanceof JsonNumber || typeof b === 'boolean'
  if (aNum && bNum) {
    if (typeof a === 'boolean' && typeof b === 'boolean') return a === b
    return numbersEqual(numeric(a), numeric(b))
  }
  if (a === null || b === null || typeof a === 'string' || typeof b === 'string') return a === b
  if (aNum || bNum) return false
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false
    return a.every((x, i) => exactJsonEqual(x, b[i] as ExactJson))
  }
  if (a.size !== b.size) return false
  for (const [k, x] of a) {
    const y = b.get(k)
    if (y === undefined || !exactJsonEqual(x, y)) return false
  }
  return true
}
