// Misspelt keys (issue 10): zod drops a key its object does not declare, so `iteratons` or `policy.lrr` used to be
// ignored without a word and the run trained with the default. With `unknownKeys: 'reject'` (every config, settings
// file and API request a person writes) each one is an error naming its path and the nearest known key.
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { LAPTOP_PRESET } from './rl-config'
import { RunConfig } from './schemas'
import { ContractError, parseOrThrow } from './validation'

function failure(schema: z.ZodType, value: unknown, options = { unknownKeys: 'reject' as const }): ContractError {
  try {
    parseOrThrow(schema, value, 'my-config.json', 'config', options)
  } catch (error) {
    return error as ContractError
  }
  throw new Error(`accepted ${JSON.stringify(value)}`)
}

describe('unknown keys in what a person writes', () => {
  it('names a misspelt top-level or nested key and suggests the nearest known one', () => {
    const top = failure(RunConfig, { ...LAPTOP_PRESET, iteratons: 3 })
    expect(top.message).toBe('my-config.json: unknown key config.iteratons — did you mean config.iterations?')
    expect(top.field).toBe('config.iteratons')
    const nested = failure(RunConfig, { ...LAPTOP_PRESET, policy: { ...LAPTOP_PRESET.policy, lrr: 1e-3 } })
    expect(nested.message).toBe('my-config.json: unknown key config.policy.lrr — did you mean config.policy.lr?')
    expect(nested.field).toBe('config.policy.lrr')
  })

  it('lists the known keys when none is close, and reports unknown keys together with invalid values', () => {
    const error = failure(RunConfig, { ...LAPTOP_PRESET, seed: -1, banana: true })
    expect(error.message).toMatch(/^my-config\.json: unknown key config\.banana \(known here: kind, algorithm, seed, iterations, /)
    expect(error.message).toMatch(/; invalid config\.seed: /)
  })

  it('follows the member of a discriminated union the value belongs to', () => {
    const error = failure(RunConfig, { kind: 'engine-smoke', steps: 3, matrixSize: 4, stepDelay: 5 })
    expect(error.message).toBe('my-config.json: unknown key config.stepDelay — did you mean config.stepDelayMs?')
  })

  it('walks into arrays, records, optionals and nullables, and leaves objects that accept extra keys alone', () => {
    const schema = z.object({
      items: z.array(z.object({ name: z.string() })),
      byName: z.record(z.string(), z.object({ size: z.number() })),
      maybe: z.object({ flag: z.boolean() }).nullable().optional(),
      open: z.object({ a: z.number() }).loose(),
    })
    const value = { items: [{ name: 'a' }, { nmae: 'b' }], byName: { x: { size: 1, szie: 2 } }, maybe: { flga: true }, open: { a: 1, b: 2 } }
    expect(failure(schema, value).message).toMatch(
      /^my-config\.json: unknown key config\.items\[1\]\.nmae — did you mean config\.items\[1\]\.name\?; unknown key config\.byName\.x\.szie — did you mean config\.byName\.x\.size\?; unknown key config\.maybe\.flga — did you mean config\.maybe\.flag\?; invalid /,
    )
    expect(parseOrThrow(schema, { ...value, items: [], byName: {}, maybe: null }, 'f', 'config', { unknownKeys: 'reject' })).toMatchObject({ open: { a: 1, b: 2 } })
  })

  it('accepts the presets, and by default still drops unknown keys (files the host itself wrote, host answers)', () => {
    expect(parseOrThrow(RunConfig, LAPTOP_PRESET, 'preset', 'config', { unknownKeys: 'reject' })).toEqual(LAPTOP_PRESET)
    expect(parseOrThrow(RunConfig, { ...LAPTOP_PRESET, iteratons: 3 }, 'run.json', 'config')).toEqual(LAPTOP_PRESET)
  })

  it('gives .strict() objects the same message, with the suggestion, in either mode', () => {
    const strict = z.object({ maxConcurrentRuns: z.number() }).strict()
    expect(failure(strict, { maxConcurentRuns: 2 }, { unknownKeys: 'strip' } as never).message).toBe(
      'my-config.json: unknown key config.maxConcurentRuns — did you mean config.maxConcurrentRuns?; invalid config.maxConcurrentRuns: Invalid input: expected number, received undefined',
    )
  })
})
