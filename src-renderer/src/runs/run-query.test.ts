import { describe, expect, it } from 'vitest'
import { LAPTOP_PRESET, type RlConfig } from '../../../src-preload/contract/rl-config'
import type { MetricFigures, RunSummary } from '../../../src-preload/contract/schemas'
import { configPaths, sortRows, type RunRow } from './run-fields'
import { QueryError, compileQuery, matches, parseQuery, tokenize, type FieldCatalog } from './run-query'

function summary(id: string, config: RunSummary['config'], patch: Partial<RunSummary> = {}): RunSummary {
  return {
    id,
    name: id,
    state: 'completed',
    config,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    progress: { step: 40, total: 40, etaSeconds: null },
    failure: null,
    pid: null,
    trainedElsewhere: null,
    warnings: [],
    sweep: null,
    ...patch,
  }
}

const rl = (patch: Partial<RlConfig>): RlConfig => ({ ...LAPTOP_PRESET, ...patch })
const figures = (final: number | null): Record<string, MetricFigures> => ({ 'val/acc': { start: 0.3, final, finalIteration: final === null ? null : 40, best: final, bestIteration: 40 } })

const rows: RunRow[] = [
  { summary: summary('prime-b05-s1', rl({ seed: 1 }), { sweep: { id: 'sweep-1', name: 'beta sweep', settings: ['prm.beta'] } }), tags: ['sweep-3', 'baseline'], figures: figures(0.6) },
  { summary: summary('prime-b10-s2', rl({ seed: 2, prm: { ...LAPTOP_PRESET.prm, beta: 0.1 } }), { state: 'running' }), tags: ['sweep-3'], figures: figures(0.45) },
  { summary: summary('rloo-s1', rl({ algorithm: 'rloo', seed: 1 }), { createdAt: '2026-02-01T00:00:00.000Z' }), tags: [], figures: figures(null) },
  { summary: summary('engine check', { kind: 'engine-smoke', steps: 3, matrixSize: 8, stepDelayMs: 0 }, { state: 'failed' }), tags: ['smoke test'] },
]
const catalog: FieldCatalog = { configPaths: configPaths(rows.map((r) => r.summary)), metrics: ['val/acc', 'reward_model/loss'] }

const names = (query: string) => {
  const node = parseQuery(query, catalog)
  return rows.filter((row) => matches(node, row)).map((row) => row.summary.id)
}
const failure = (query: string): QueryError => {
  const compiled = compileQuery(query, catalog)
  if (compiled.ok) throw new Error(`expected "${query}" to be refused`)
  return compiled.error
}

describe('the runs filter language', () => {
  it('reads the issue’s example: settings, a tag and "and"', () => {
    expect(names('algorithm = prime and prm.beta >= 0.1 and tag:sweep-3')).toEqual(['prime-b10-s2'])
  })

  it('matches every run for an empty query, and free text against name, state, sweep and tags', () => {
    expect(names('')).toHaveLength(4)
    expect(names('   ')).toHaveLength(4)
    expect(names('rloo')).toEqual(['rloo-s1'])
    expect(names('"smoke test"')).toEqual(['engine check'])
    expect(names('RUNNING')).toEqual(['prime-b10-s2'])
    expect(names('beta')).toEqual(['prime-b05-s1'])
  })

  it('combines with and (also side by side), or, not and parentheses, "and" binding tighter than "or"', () => {
    expect(names('seed = 1 state:completed')).toEqual(['prime-b05-s1', 'rloo-s1'])
    expect(names('algorithm = rloo or prm.beta = 0.1 and seed = 2')).toEqual(['prime-b10-s2', 'rloo-s1'])
    expect(names('(algorithm = rloo or prm.beta = 0.1) and seed = 1')).toEqual(['rloo-s1'])
    expect(names('not tag:sweep-3')).toEqual(['rloo-s1', 'engine check'])
    expect(names('NOT (seed = 1 OR seed = 2)')).toEqual(['engine check'])
  })

  it('compares numbers as numbers, text without case, and contains with ~', () => {
    expect(names('rollout.temperature = 1 and policy.lr < 1e-3 and seed > -1')).toEqual(['prime-b05-s1', 'prime-b10-s2', 'rloo-s1'])
    expect(names('task.name = ARITH-CHAIN and seed != 2')).toEqual(['prime-b05-s1', 'rloo-s1'])
    expect(names('name ~ B10')).toEqual(['prime-b10-s2'])
    expect(names('name !~ prime')).toEqual(['rloo-s1', 'engine check'])
    expect(names('tag ~ smoke')).toEqual(['engine check'])
    expect(names('created > 2026-01-15')).toEqual(['rloo-s1'])
    expect(names('elsewhere = false and sweep = "beta sweep"')).toEqual(['prime-b05-s1'])
  })

  it('reads metric figures, a run without the figure matching only "!="', () => {
    expect(names('final.val/acc >= 0.5')).toEqual(['prime-b05-s1'])
    expect(names('final.val/acc != 0.6')).toEqual(['prime-b10-s2', 'rloo-s1', 'engine check'])
    expect(names('start.val/acc = 0.3')).toEqual(['prime-b05-s1', 'prime-b10-s2', 'rloo-s1'])
    const compiled = compileQuery('final.val/acc > 0.5 or best.reward_model/loss < 1', catalog)
    expect(compiled.ok && compiled.metrics).toEqual(['val/acc', 'reward_model/loss'])
  })

  it('treats a setting a run does not have as unmatched (an engine check has no prm.beta)', () => {
    expect(names('prm.beta < 1')).toEqual(['prime-b05-s1', 'prime-b10-s2', 'rloo-s1'])
    expect(names('prm.beta != 0.05')).toEqual(['prime-b10-s2', 'engine check'])
  })

  it('says what is wrong, where, and the nearest field', () => {
    expect(failure('prm.betta >= 0.1')).toMatchObject({ message: 'unknown field prm.betta — did you mean prm.beta?', start: 0, end: 9 })
    expect(failure('algorithm = prime and')).toMatchObject({ message: '"and" at 19 needs a condition after it', start: 18 })
    expect(failure('seed >=')).toMatchObject({ message: 'expected a value after ">=" at 6, found the end' })
    expect(failure('(seed = 1 or seed = 2')).toMatchObject({ message: '"(" at 1 is never closed', start: 0 })
    expect(failure('seed = 1)')).toMatchObject({ message: '")" at 9 closes nothing', start: 8 })
    expect(failure('name = "open')).toMatchObject({ message: 'text opened with " at 8 is never closed' })
    expect(failure('seed > true').message).toBe('">" at 6 compares numbers or text, not true')
    expect(failure('final.val/ac > 0.5').message).toBe('no run logs the metric val/ac — did you mean final.val/acc?')
    expect(failure('seed = 1 ; rm').message).toBe('unexpected ";" at 10')
    expect(failure('= prime').message).toBe('expected a condition at 1, found "="')
    expect(failure('()').message).toBe('empty "( )" at 1')
    expect(failure('zzzzzz = 1').message).toMatch(/^unknown field zzzzzz \(fields: name, id, state/)
  })

  it('tokenizes numbers, words with dots, slashes and dashes, quoted text with escapes', () => {
    expect(tokenize('final.val/acc>=1e-4 tag:"a \\"b\\"" x-1').map((t) => ('text' in t ? t.text : 'op' in t ? t.op : t.kind))).toEqual([
      'final.val/acc',
      '>=',
      '1e-4',
      'tag',
      ':',
      'a "b"',
      'x-1',
    ])
  })
})

describe('sorting runs by a field', () => {
  it('sorts numbers as numbers and text naturally, keeping runs without the field last in both directions', () => {
    expect(sortRows(rows, 'prm.beta', 'desc').map((r) => r.summary.id)).toEqual(['prime-b10-s2', 'prime-b05-s1', 'rloo-s1', 'engine check'])
    expect(sortRows(rows, 'final.val/acc', 'asc').map((r) => r.summary.id)).toEqual(['prime-b10-s2', 'prime-b05-s1', 'rloo-s1', 'engine check'])
    expect(sortRows(rows, 'final.val/acc', 'desc').map((r) => r.summary.id)).toEqual(['prime-b05-s1', 'prime-b10-s2', 'rloo-s1', 'engine check'])
    expect(sortRows(rows, 'name', 'asc').map((r) => r.summary.id)).toEqual(['engine check', 'prime-b05-s1', 'prime-b10-s2', 'rloo-s1'])
  })
})
