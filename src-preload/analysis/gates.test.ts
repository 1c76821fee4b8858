import { describe, expect, it } from 'vitest'
import { LAPTOP_PRESET, type Algorithm } from '../contract/rl-config'
import type { MetricsRow } from '../contract/schemas'
import { GATE_A, GATE_B, prmRankingGate, surprisalGate, type GateRun } from './gates'
import { MetricColumns } from './metric-columns'

function run(algorithm: Algorithm, rows: Record<number, Record<string, number>>): GateRun {
  const metricRows = Object.entries(rows).map(([step, values]): MetricsRow => ({ step: Number(step), time: Number(step), values }))
  return { config: { ...LAPTOP_PRESET, algorithm }, columns: MetricColumns.fromRows(metricRows) }
}
const surprisal = (top1: number, chance: number) => ({ [GATE_A.metric]: top1, [GATE_A.chance]: chance })

describe('Gate A: errors are not already surprising', () => {
  it('passes when reference surprisal is little better than chance at iteration 1', () => {
    // Means over the runs: top-1 (0.35 + 0.45)/2 = 0.4, chance 0.3: lift 0.1/0.7.
    const gate = surprisalGate([run('rloo', { 1: surprisal(0.35, 0.3), 2: surprisal(1, 0.3) }), run('prime', { 1: surprisal(0.45, 0.3) })])
    expect(gate).toMatchObject({ id: 'A', passed: true, runs: 2, threshold: 0.5, consequence: '' })
    expect(gate.value).toBeCloseTo(0.1 / 0.7, 12)
    expect(gate.detail).toContain('picks the first wrong step in 0.4 of responses against 0.3 by chance: 0.143 of the way')
  })

  it('passes at exactly half the gap and fails beyond it, saying what that predicts', () => {
    expect(surprisalGate([run('rloo', { 1: surprisal(0.75, 0.5) })]).passed).toBe(true)
    const failed = surprisalGate([run('rloo', { 1: surprisal(0.9, 0.3) })])
    expect(failed.passed).toBe(false)
    expect(failed.value).toBeCloseTo(0.6 / 0.7, 12)
    expect(failed.consequence).toMatch(/PRIME ≈ RLOO is the expected outcome/)
    expect(failed.consequence).toMatch(/gradient of log π is largest where π is small/)
  })

  it('is not measured without iteration-1 step metrics', () => {
    const gate = surprisalGate([run('rloo', { 2: surprisal(0.5, 0.3) })])
    expect(gate).toMatchObject({ passed: null, value: null, runs: 0 })
    expect(gate.detail).toMatch(/^Not measured/)
  })
})

describe('Gate B: the PRM learned to rank held-out responses', () => {
  const dpo = (value: number) => ({ [GATE_B.metric]: value })

  it('takes each PRM run’s last validation at or before iteration 20, never iteration 0', () => {
    const gate = prmRankingGate([
      run('prime', { 0: dpo(0.5), 10: dpo(0.72), 20: dpo(0.68), 25: dpo(0.9) }), // 0.68
      run('prime', { 10: dpo(0.8), 30: dpo(0.2) }), // 0.8
      run('rloo', { 10: dpo(0.1) }), // no PRM: not counted
    ])
    expect(gate).toMatchObject({ id: 'B', passed: true, runs: 2, threshold: 0.7 })
    expect(gate.value).toBeCloseTo(0.74, 12)
  })

  it('fails below 0.70 and says why PRIME ≈ RLOO is then expected', () => {
    const gate = prmRankingGate([run('prime', { 10: dpo(0.61) }), run('prime-grpo', { 20: dpo(0.63) })])
    expect(gate.passed).toBe(false)
    expect(gate.value).toBeCloseTo(0.62, 12)
    expect(gate.consequence).toMatch(/PRIME ≈ RLOO is the expected outcome/)
  })

  it('does not apply without a PRM, and is not measured without a validation by iteration 20', () => {
    expect(prmRankingGate([run('rloo', {}), run('dense-surprisal', {})])).toMatchObject({ passed: null, runs: 0, detail: 'Does not apply: no run here trains an implicit PRM.' })
    const late = prmRankingGate([run('prime', { 0: dpo(0.5), 25: dpo(0.9) })])
    expect(late.passed).toBeNull()
    expect(late.detail).toMatch(/^Not measured: no PRM run logged val\/prm_dpo_acc at a validation between iterations 1 and 20/)
  })
})
