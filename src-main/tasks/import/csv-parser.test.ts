import { describe, expect, it } from 'vitest'
import { CsvParser, CsvSyntaxError } from './csv-parser'

function parse(lines: string[]): { fields: string[]; line: number }[] {
  const parser = new CsvParser(1_000_000)
  const out = lines.map((text, i) => parser.push(text, i + 1)).filter((r) => r !== null)
  parser.finish()
  return out
}

function thrown(run: () => unknown): CsvSyntaxError {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(CsvSyntaxError)
    return error as CsvSyntaxError
  }
  throw new Error('expected a CsvSyntaxError, nothing was thrown')
}

describe('CsvParser (RFC 4180)', () => {
  it('splits plain fields and keeps empty ones', () => {
    expect(parse(['a,b,,d'])).toEqual([{ fields: ['a', 'b', '', 'd'], line: 1 }])
  })

  it('reads quoted fields with commas, doubled quotes and line breaks; records start where they start', () => {
    const records = parse(['q,a', '"What is 1,000 + 1?","He said ""1001"""', '"two', 'lines",x', '', 'last,row'])
    expect(records).toEqual([
      { fields: ['q', 'a'], line: 1 },
      { fields: ['What is 1,000 + 1?', 'He said "1001"'], line: 2 },
      { fields: ['two\nlines', 'x'], line: 3 },
      { fields: ['last', 'row'], line: 6 },
    ])
  })

  it('keeps an empty quoted field and a quote inside an unquoted field literally', () => {
    expect(parse(['"",a"b'])).toEqual([{ fields: ['', 'a"b'], line: 1 }])
  })

  it('refuses text after a closing quote, naming the line and field index', () => {
    const error = thrown(() => new CsvParser(1000).push('x,"ab"c', 7))
    expect(error).toMatchObject({ line: 7, fieldIndex: 1 })
    expect(error.message).toMatch(/after the closing quote/)
  })

  it('refuses an unclosed quote at the end, naming the line where it opened', () => {
    const parser = new CsvParser(1000)
    parser.push('a,b', 1)
    expect(parser.push('1,"never', 2)).toBeNull()
    expect(parser.push('closed', 3)).toBeNull()
    const error = thrown(() => parser.finish())
    expect(error).toMatchObject({ line: 2, fieldIndex: 1 })
    expect(error.message).toMatch(/never closed/)
  })

  it('caps a runaway quoted record instead of buffering the file', () => {
    const parser = new CsvParser(20)
    parser.push('"open', 1)
    expect(() => parser.push('x'.repeat(30), 2)).toThrow(/longer than 20/)
  })
})
