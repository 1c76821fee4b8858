// Reading APPS-style references (both formats) and comparing return values exactly.

import { describe, expect, it } from 'vitest'
import { parseAppsReference, returnValueMatches } from './apps-tests'
import { exactJsonEqual, parseExactJson, stringifyExactJson } from './exact-json'

const j = (text: string) => parseExactJson(text, 'test')

describe('exact JSON', () => {
  it('keeps integers beyond 2^53 and compares them exactly', () => {
    expect(stringifyExactJson(j('[18446744073709551617, 1.50, {"a": -0}]'))).toBe('[18446744073709551617,1.50,{"a":-0}]')
    expect(exactJsonEqual(j('18446744073709551617'), j('18446744073709551616'))).toBe(false)
    expect(JSON.parse('18446744073709551617')).toBe(JSON.parse('18446744073709551616')) // why this module exists
  })
  it('compares like Python ==: int vs float by value, True == 1, dict key order free, list vs dict not', () => {
    expect(exactJsonEqual(j('2'), j('2.0'))).toBe(true)
    expect(exactJsonEqual(j('100000000000000000001'), j('1e20'))).toBe(false)
    expect(exactJsonEqual(j('true'), j('1'))).toBe(true)
    expect(exactJsonEqual(j('true'), j('false'))).toBe(false)
    expect(exactJsonEqual(j('{"a":1,"b":[2]}'), j('{"b":[2],"a":1}'))).toBe(true)
    expect(exactJsonEqual(j('{"a":1}'), j('{"a":1,"b":2}'))).toBe(false)
    expect(exactJsonEqual(j('[]'), j('{}'))).toBe(false)
    expect(exactJsonEqual(j('null'), j('0'))).toBe(false)
    expect(exactJsonEqual(j('"1"'), j('1'))).toBe(false)
  })
  it('names the place of a syntax error', () => {
    expect(() => parseExactJson('[1,\n 2,,]', 'reference.outputs[3]')).toThrow(/reference\.outputs\[3\]: invalid JSON at line 2 column 4/)
    expect(() => parseExactJson('"\\x"', 'v')).toThrow(/bad string escape/)
    expect(() => parseExactJson('1 2', 'v')).toThrow(/text after the value/)
  })
})

describe('parseAppsReference', () => {
  it('reads stdin/stdout tests, joining line lists', () => {
    expect(parseAppsReference('{"inputs": ["1 2\\n", ["3 4", "5"]], "outputs": ["3", ["7", "5"]]}')).toEqual({
      mode: 'stdin',
      inputs: ['1 2\n', '3 4\n5'],
      outputs: ['3', '7\n5'],
    })
  })
  it('reads call-based tests in the APPS and the verl format, keeping numbers exact', () => {
    const t = parseAppsReference('{"fn_name": "f", "inputs": [[1, "a"], "[2]\\n18446744073709551617\\n"], "outputs": [[3], "4"]}')
    expect(t.mode).toBe('call')
    if (t.mode !== 'call') return
    expect(t.fnName).toBe('f')
    expect(t.args).toEqual(['[1,"a"]', '[[2],18446744073709551617]'])
    expect(returnValueMatches('3', t.outputs[0]!)).toBe(true) // APPS wraps expected values in a list
    expect(returnValueMatches('[3]', t.outputs[0]!)).toBe(true)
    expect(returnValueMatches('4.0', t.outputs[1]!)).toBe(true)
    expect(returnValueMatches('5', t.outputs[1]!)).toBe(false)
  })
  it('rejects malformed references with the field named', () => {
    expect(() => parseAppsReference('[1]')).toThrow(/must be a JSON object/)
    expect(() => parseAppsReference('{"inputs": ["1"]}')).toThrow(/reference\.outputs must be an array/)
    expect(() => parseAppsReference('{"inputs": ["1"], "outputs": []}')).toThrow(/1 inputs but 0 outputs/)
    expect(() => parseAppsReference('{"inputs": [], "outputs": []}')).toThrow(/no tests/)
    expect(() => parseAppsReference('{"inputs": [3], "outputs": ["3"]}')).toThrow(/reference\.inputs\[0\] must be a string/)
    expect(() => parseAppsReference('{"fn_name": "f()", "inputs": [[]], "outputs": [1]}')).toThrow(/fn_name must be a Python identifier/)
    expect(() => parseAppsReference('{"fn_name": "f", "inputs": ["[1"], "outputs": [1]}')).toThrow(/reference\.inputs\[0\] line 1: invalid JSON/)
    expect(() => parseAppsReference('{"fn_name": "f", "inputs": [[]], "outputs": ["{x"]}')).toThrow(/reference\.outputs\[0\]: invalid JSON/)
  })
})
