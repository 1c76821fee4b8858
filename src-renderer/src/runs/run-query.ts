// The runs filter's query language, e.g. `algorithm = prime and prm.beta >= 0.1 and tag:sweep-3`:
//
//   query      := or-expr | (nothing: every run)
//   or-expr    := and-expr ("or" and-expr)*
//   and-expr   := not-expr ("and"? not-expr)*          two conditions side by side mean "and"
//   not-expr   := "not" not-expr | "(" or-expr ")" | condition
//   condition  := FIELD OP VALUE | FIELD ":" VALUE | TEXT
//   OP         := = | != | > | >= | < | <= | ~ (contains) | !~ (does not contain)
//   VALUE      := a number (0.1, 1e-4, -2) | "quoted text" | a bare word | true | false | null
//
// FIELD is one of the run's own fields (run-fields.ts RUN_FIELDS), a config path (prm.beta) or a metric figure
// (final.val/acc). `field:value` means `field = value`, except `tag:x`, which is true when the run has tag x. TEXT
// alone (a word or quoted text) finds runs whose name, id, algorithm, state, sweep or tags contain it. Words and
// text compare case-insensitively; numbers as numbers. A run without the field (an engine check has no prm.beta,
// a metric not logged yet) satisfies no condition on it but `!=` and `!~`.
//
// Mistakes are QueryErrors naming what is wrong and where (a character offset), and an unknown field gets the
// nearest known one: a filter that silently matches nothing would look like an empty workspace.
import { nearestKey } from '../../../src-preload/contract/validation'
import { FIGURE_KINDS } from '../../../src-preload/analysis'
import { RUN_FIELDS, fieldValue, figureField, isRunField, matchesText, type FieldValue, type RunRow } from './run-fields'

export class QueryError extends Error {
  constructor(
    message: string,
    /** Character offsets of the offending part: [start, end). */
    readonly start: number,
    readonly end: number,
  ) {
    super(message)
    this.name = 'QueryError'
  }
}

type Op = '=' | '!=' | '>' | '>=' | '<' | '<=' | '~' | '!~'
const OPS: readonly Op[] = ['>=', '<=', '!=', '!~', '=', '>', '<', '~']

type Token =
  | { kind: 'word'; text: string; start: number; end: number }
  | { kind: 'string'; text: string; start: number; end: number }
  | { kind: 'number'; value: number; text: string; start: number; end: number }
  | { kind: 'op'; op: Op; start: number; end: number }
  | { kind: '(' | ')' | ':'; start: number; end: number }

/** Fields and bare values; a bare value may also start with a digit (2026-01-02, 3rd), tried after numbers. */
const WORD = /[A-Za-z0-9_][A-Za-z0-9_./-]*/y
const NUMBER = /-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?(?![A-Za-z0-9_./-])/iy

function describeToken(token: Token | undefined): string {
  if (!token) return 'the end'
  if (token.kind === 'op') return `"${token.op}"`
  if (token.kind === 'word' || token.kind === 'number') return `"${token.text}"`
  if (token.kind === 'string') return `"${token.text}" (quoted)`
  return `"${token.kind}"`
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  let at = 0
  while (at < text.length) {
    const ch = text[at] as string
    if (/\s/.test(ch)) {
      at++
      continue
    }
    if (ch === '(' || ch === ')' || ch === ':') {
      tokens.push({ kind: ch, start: at, end: at + 1 })
      at++
      continue
    }
    if (ch === '"' || ch === "'") {
      let value = ''
      let end = at + 1
      for (; end < text.length && text[end] !== ch; end++) {
        if (text[end] === '\\' && end + 1 < text.length) end++
        value += text[end]
      }
      if (end >= text.length) throw new QueryError(`text opened with ${ch} at ${at + 1} is never closed`, at, text.length)
      tokens.push({ kind: 'string', text: value, start: at, end: end + 1 })
      at = end + 1
      continue
    }
    const op = OPS.find((o) => text.startsWith(o, at))
    if (op) {
      tokens.push({ kind: 'op', op, start: at, end: at + op.length })
      at += op.length
      continue
    }
    NUMBER.lastIndex = at
    const number = NUMBER.exec(text)
    if (number) {
      tokens.push({ kind: 'number', value: Number(number[0]), text: number[0], start: at, end: at + number[0].length })
      at += number[0].length
      continue
    }
    WORD.lastIndex = at
    const word = WORD.exec(text)
    if (word) {
      tokens.push({ kind: 'word', text: word[0], start: at, end: at + word[0].length })
      at += word[0].length
      continue
    }
    throw new QueryError(`unexpected "${ch}" at ${at + 1}`, at, at + 1)
  }
  return tokens
}

type Value = string | number | boolean | null

export type QueryNode =
  | { kind: 'and' | 'or'; left: QueryNode; right: QueryNode }
  | { kind: 'not'; operand: QueryNode }
  | { kind: 'compare'; field: string; op: Op; value: Value }
  | { kind: 'tag'; value: string }
  | { kind: 'text'; text: string }

/** What the filter may name: the config paths and metrics the workspace's runs have. */
export interface FieldCatalog {
  configPaths: readonly string[]
  metrics: readonly string[]
}

const KEYWORDS = new Set(['and', 'or', 'not'])
const isKeyword = (token: Token | undefined, word: string) => token?.kind === 'word' && token.text.toLowerCase() === word

class Parser {
  private at = 0
  constructor(
    private readonly tokens: Token[],
    private readonly catalog: FieldCatalog,
    private readonly length: number,
  ) {}

  parse(): QueryNode | null {
    if (this.tokens.length === 0) return null
    const node = this.or()
    const extra = this.peek()
    if (extra) {
      if (extra.kind === ')') throw new QueryError(`")" at ${extra.start + 1} closes nothing`, extra.start, extra.end)
      throw this.unexpected(extra, 'a condition')
    }
    return node
  }

  private peek(): Token | undefined {
    return this.tokens[this.at]
  }

  private next(): Token | undefined {
    return this.tokens[this.at++]
  }

  private unexpected(token: Token | undefined, wanted: string): QueryError {
    const start = token?.start ?? this.length
    return new QueryError(`expected ${wanted} ${token ? `at ${start + 1}` : 'at the end'}, found ${describeToken(token)}`, start, token?.end ?? this.length)
  }

  private or(): QueryNode {
    let left = this.and()
    while (isKeyword(this.peek(), 'or')) {
      const keyword = this.next()!
      if (!this.startsCondition(this.peek())) throw new QueryError(`"or" at ${keyword.start + 1} needs a condition after it`, keyword.start, keyword.end)
      left = { kind: 'or', left, right: this.and() }
    }
    return left
  }

  private and(): QueryNode {
    let left = this.not()
    for (;;) {
      const token = this.peek()
      if (isKeyword(token, 'and')) {
        this.next()
        if (!this.startsCondition(this.peek())) throw new QueryError(`"and" at ${token!.start + 1} needs a condition after it`, token!.start, token!.end)
      } else if (!this.startsCondition(token)) {
        return left
      }
      left = { kind: 'and', left, right: this.not() }
    }
  }

  private startsCondition(token: Token | undefined): boolean {
    if (!token) return false
    if (token.kind === '(' || token.kind === 'string' || token.kind === 'number') return true
    return token.kind === 'word' && !isKeyword(token, 'and') && !isKeyword(token, 'or')
  }

  private not(): QueryNode {
    const token = this.peek()
    if (isKeyword(token, 'not')) {
      this.next()
      if (!this.startsCondition(this.peek())) throw new QueryError(`"not" at ${token!.start + 1} needs a condition after it`, token!.start, token!.end)
      return { kind: 'not', operand: this.not() }
    }
    if (token?.kind === '(') {
      this.next()
      if (this.peek()?.kind === ')') throw new QueryError(`empty "( )" at ${token.start + 1}`, token.start, this.peek()!.end)
      const inner = this.or()
      const close = this.next()
      if (close?.kind !== ')') throw new QueryError(`"(" at ${token.start + 1} is never closed`, token.start, token.end)
      return inner
    }
    return this.condition()
  }

  private condition(): QueryNode {
    const token = this.next()
    if (!token || token.kind === ')' || token.kind === ':' || token.kind === 'op') throw this.unexpected(token, 'a condition')
    if (token.kind === 'string') return { kind: 'text', text: token.text }
    if (token.kind === 'number') return { kind: 'text', text: token.text }
    if (token.kind !== 'word') throw this.unexpected(token, 'a condition')
    const following = this.peek()
    if (following?.kind === ':') {
      this.next()
      const value = this.value(following)
      const field = this.field(token)
      if (field === 'tag') return { kind: 'tag', value: String(value).toLowerCase() }
      return { kind: 'compare', field, op: '=', value }
    }
    if (following?.kind === 'op') {
      this.next()
      const value = this.value(following)
      const field = this.field(token)
      if ((following.op === '>' || following.op === '>=' || following.op === '<' || following.op === '<=') && (typeof value === 'boolean' || value === null)) {
        throw new QueryError(`"${following.op}" at ${following.start + 1} compares numbers or text, not ${String(value)}`, following.start, following.end)
      }
      return { kind: 'compare', field, op: following.op, value }
    }
    if (KEYWORDS.has(token.text.toLowerCase())) throw this.unexpected(token, 'a condition')
    return { kind: 'text', text: token.text }
  }

  private value(after: Token): Value {
    const token = this.next()
    if (!token || (token.kind !== 'word' && token.kind !== 'string' && token.kind !== 'number')) {
      const what = after.kind === 'op' ? `"${after.op}"` : '":"'
      throw new QueryError(`expected a value after ${what} at ${after.start + 1}, found ${describeToken(token)}`, after.start, token?.end ?? this.length)
    }
    if (token.kind === 'number') return token.value
    if (token.kind === 'string') return token.text
    const lower = token.text.toLowerCase()
    if (lower === 'true') return true
    if (lower === 'false') return false
    if (lower === 'null') return null
    return token.text
  }

  /** The field a word names, or a QueryError with the nearest known field. */
  private field(token: Extract<Token, { kind: 'word' }>): string {
    const name = token.text
    if (isRunField(name) || this.catalog.configPaths.includes(name)) return name
    const lower = name.toLowerCase()
    if (isRunField(lower)) return lower
    if (lower === 'tags') return 'tag'
    const figure = figureField(name)
    if (figure) {
      if (this.catalog.metrics.includes(figure.metric)) return name
      const nearest = nearestKey(figure.metric, this.catalog.metrics)
      throw new QueryError(
        `no run logs the metric ${figure.metric}${nearest ? ` — did you mean ${figure.kind}.${nearest}?` : ''}`,
        token.start,
        token.end,
      )
    }
    const known = [...Object.keys(RUN_FIELDS), ...this.catalog.configPaths]
    const nearest = nearestKey(name, known)
    const hint = nearest ? ` — did you mean ${nearest}?` : ` (fields: ${Object.keys(RUN_FIELDS).join(', ')}, a config path such as prm.beta, or ${FIGURE_KINDS.join('/')}.<metric>)`
    throw new QueryError(`unknown field ${name}${hint}`, token.start, token.end)
  }
}

export function parseQuery(text: string, catalog: FieldCatalog): QueryNode | null {
  return new Parser(tokenize(text), catalog, text.length).parse()
}

function textOf(value: FieldValue | Value): string {
  return String(value).toLowerCase()
}

function compare(actual: FieldValue, op: Op, expected: Value): boolean {
  const missing = actual === undefined || (actual === null && expected !== null)
  if (missing) return op === '!=' || op === '!~'
  if (op === '~' || op === '!~') return textOf(actual).includes(textOf(expected)) === (op === '~')
  if (typeof expected === 'number') {
    const number = typeof actual === 'number' ? actual : typeof actual === 'string' && actual.trim() !== '' ? Number(actual) : Number.NaN
    if (Number.isNaN(number)) return op === '!='
    switch (op) {
      case '=':
        return number === expected
      case '!=':
        return number !== expected
      case '>':
        return number > expected
      case '>=':
        return number >= expected
      case '<':
        return number < expected
      case '<=':
        return number <= expected
    }
  }
  if (typeof expected === 'boolean' || expected === null) return (actual === expected) === (op === '=')
  const order = textOf(actual).localeCompare(textOf(expected), undefined, { numeric: true })
  switch (op) {
    case '=':
      return order === 0
    case '!=':
      return order !== 0
    case '>':
      return order > 0
    case '>=':
      return order >= 0
    case '<':
      return order < 0
    case '<=':
      return order <= 0
  }
}

export function matches(node: QueryNode | null, row: RunRow): boolean {
  if (node === null) return true
  switch (node.kind) {
    case 'and':
      return matches(node.left, row) && matches(node.right, row)
    case 'or':
      return matches(node.left, row) || matches(node.right, row)
    case 'not':
      return !matches(node.operand, row)
    case 'text':
      return matchesText(row, node.text)
    case 'tag':
      return row.tags.includes(node.value)
    case 'compare':
      if (node.field === 'tag') {
        const hit = row.tags.some((tag) => compare(tag, node.op === '!=' ? '=' : node.op === '!~' ? '~' : node.op, node.value))
        return node.op === '!=' || node.op === '!~' ? !hit : hit
      }
      return compare(fieldValue(row, node.field), node.op, node.value)
  }
}

/** The metrics a query reads figures of (the table must fetch them before it can filter). */
export function queryMetrics(node: QueryNode | null): string[] {
  if (node === null) return []
  switch (node.kind) {
    case 'and':
    case 'or':
      return [...new Set([...queryMetrics(node.left), ...queryMetrics(node.right)])]
    case 'not':
      return queryMetrics(node.operand)
    case 'compare': {
      const figure = figureField(node.field)
      return figure ? [figure.metric] : []
    }
    default:
      return []
  }
}

export type CompiledQuery = { ok: true; node: QueryNode | null; metrics: string[] } | { ok: false; error: QueryError }

/** Parses a filter, keeping the error instead of throwing (for a text box that is checked as the user types). */
export function compileQuery(text: string, catalog: FieldCatalog): CompiledQuery {
  try {
    const node = parseQuery(text, catalog)
    return { ok: true, node, metrics: queryMetrics(node) }
  } catch (error) {
    if (error instanceof QueryError) return { ok: false, error }
    throw error
  }
}
