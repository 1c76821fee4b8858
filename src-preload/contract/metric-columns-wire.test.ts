import { describe, expect, it } from 'vitest'
import { decodeBinaryMessage, encodeBinaryMessage } from './binary-message'
import { MetricColumnsPayload, packColumns, rowsToColumns, unpackColumns } from './metric-columns-wire'
import type { MetricsRow } from './schemas'

const rows: MetricsRow[] = [
  { step: 1, time: 1000.5, values: { a: 0.25, b: 3 } },
  { step: 2, time: 1001.5, values: { a: 0.5 } },
  { step: 3, time: 1002.5, values: { c: -1 } },
]

describe('metric columns payload', () => {
  it('packs rows as columns (NaN where a row did not log a metric) and unpacks views of the same array', () => {
    const payload = MetricColumnsPayload.parse(packColumns(rowsToColumns(rows)))
    expect(payload).toMatchObject({ rows: 3, names: ['a', 'b', 'c'] })
    const back = unpackColumns(payload)
    expect(back.steps.buffer).toBe(payload.values.buffer)
    expect([...back.steps]).toEqual([1, 2, 3])
    expect([...back.times]).toEqual([1000.5, 1001.5, 1002.5])
    expect([...(back.columns.get('a') ?? [])]).toEqual([0.25, 0.5, Number.NaN])
    expect([...(back.columns.get('c') ?? [])]).toEqual([Number.NaN, Number.NaN, -1])
  })

  it('gives each value to its own name when rows log other names, more or fewer, in another order', () => {
    const shifting: MetricsRow[] = [
      { step: 1, time: 1, values: { a: 1, b: 2 } },
      { step: 2, time: 2, values: { a: 3, b: 4, 'val/acc': 5 } },
      { step: 3, time: 3, values: { b: 6, a: 7 } },
      { step: 4, time: 4, values: { 'val/acc': 8 } },
      { step: 5, time: 5, values: { a: 9, c: 10, b: 11 } },
      { step: 6, time: 6, values: {} },
      { step: 7, time: 7, values: { a: 12, b: 13 } },
    ]
    const columns = rowsToColumns(shifting).columns
    // Each name's column read row by row, by name.
    for (const name of ['a', 'b', 'c', 'val/acc']) {
      expect([...(columns.get(name) ?? [])]).toEqual(shifting.map((row) => row.values[name] ?? Number.NaN))
    }
    expect([...columns.keys()]).toEqual(['a', 'b', 'val/acc', 'c'])
  })

  it('names a packed array whose length does not match the rows and names', () => {
    const result = MetricColumnsPayload.safeParse({ rows: 3, names: ['a'], values: new Float64Array(8) })
    expect(result.error?.issues[0]).toMatchObject({ path: ['values'], message: 'expected 9 values (3 rows × 3 columns), got 8' })
  })
})

describe('binary messages', () => {
  it('carry a reply with typed arrays through one buffer, bit for bit, the arrays aligned views of it', () => {
    const payload = packColumns(rowsToColumns(rows))
    payload.values[4] = -0
    const reply = { ok: true, result: { ...payload, nested: [{ more: Float64Array.of(Number.NaN, Infinity, 1e-310) }] } }
    const buffer = encodeBinaryMessage(reply)
    const back = decodeBinaryMessage(buffer) as typeof reply
    expect(back.result.values).toBeInstanceOf(Float64Array)
    expect(back.result.values.buffer).toBe(buffer)
    expect(back.result.values.byteOffset % 8).toBe(0)
    expect(new Uint8Array(back.result.values.buffer, back.result.values.byteOffset, back.result.values.byteLength)).toEqual(new Uint8Array(payload.values.buffer))
    expect([...(back.result.nested[0]?.more ?? [])]).toEqual([Number.NaN, Infinity, 1e-310])
    expect(MetricColumnsPayload.parse(back.result).names).toEqual(['a', 'b', 'c'])
    expect(decodeBinaryMessage(encodeBinaryMessage({ ok: false, error: { message: 'no run', field: 'id' } }))).toEqual({ ok: false, error: { message: 'no run', field: 'id' } })
  })

  it('refuses a buffer that is not one, saying why', () => {
    expect(() => decodeBinaryMessage(new ArrayBuffer(2))).toThrow(/binary message of 2 bytes: no header/)
    const truncated = encodeBinaryMessage({ values: new Float64Array(100) }).slice(0, 200)
    expect(() => decodeBinaryMessage(truncated)).toThrow(/array 0 \(100 values at byte \d+\) runs past the end/)
  })
})
