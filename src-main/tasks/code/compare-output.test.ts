// The stdin/stdout comparison rule of the code verifier (compare-output.ts states it).

import { describe, expect, it } from 'vitest'
import { stdoutMatches } from './compare-output'

describe('stdoutMatches', () => {
  it('ignores surrounding whitespace, blank lines and line-ending style', () => {
    expect(stdoutMatches('3\n7\n', '3\n7')).toBe(true)
    expect(stdoutMatches('  3  \r\n\r\n7 \n\n', '3\n7')).toBe(true)
    expect(stdoutMatches('1  2\t3', '1 2 3')).toBe(true)
  })
  it('keeps line structure and token order', () => {
    expect(stdoutMatches('3 7', '3\n7')).toBe(false)
    expect(stdoutMatches('2 1', '1 2')).toBe(false)
    expect(stdoutMatches('3\n7\n8', '3\n7')).toBe(false)
    expect(stdoutMatches('', '0')).toBe(false)
    expect(stdoutMatches('YES', 'yes')).toBe(false)
  })
  it('accepts decimals within 1e-6 (absolute below 1, relative above)', () => {
    expect(stdoutMatches('0.3333333', '0.333333333')).toBe(true)
    expect(stdoutMatches('0.333', '0.333333333')).toBe(false)
    expect(stdoutMatches('2.0', '2')).toBe(true)
    expect(stdoutMatches('1e3', '1000.0000001')).toBe(true)
    expect(stdoutMatches('123456789.0', '123456789.1')).toBe(true)
    expect(stdoutMatches('123456789.0', '123457000.0')).toBe(false)
    expect(stdoutMatches('nan', 'nan')).toBe(true)
    expect(stdoutMatches('inf', '1e400')).toBe(false)
  })
  it('compares integers exactly, however large', () => {
    expect(stdoutMatches('12345678901234567890', '12345678901234567891')).toBe(false)
    expect(stdoutMatches('07', '7')).toBe(false)
    expect(stdoutMatches('12345678901234567890', '12345678901234567890')).toBe(true)
  })
})
