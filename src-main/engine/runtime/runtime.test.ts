import { describe, expect, it } from 'vitest'
import { Graph } from '../graph/graph'
import * as ops from '../ops'
import { describeRuntime, chooseExecutionProvider } from './providers'
import { Rng } from './random'
import { ProgramRunError, Runtime } from './runtime'
import { hostTensor } from './tensors'

function doubler(): Graph {
  const g = new Graph('doubler')
  g.output(ops.mul(g.input('x', 'float32', ['N', 2]), 2), 'y')
  return g
}

describe('runtime', () => {
  it('describes ORT and every execution provider, with a reason for the unavailable ones', async () => {
    const d = await describeRuntime()
    expect(d.ortVersion).toMatch(/^\d+\.\d+\.\d+/)
    const cpu = d.executionProviders.find((p) => p.name === 'cpu')
    expect(cpu).toEqual({ name: 'cpu', available: true })
    const cuda = d.executionProviders.find((p) => p.name === 'cuda')!
    expect(cuda.available || (cuda.reason ?? '').length > 0).toBe(true)
    const choice = await chooseExecutionProvider('auto')
    expect(choice.provider).toBe(cuda.available ? 'cuda' : 'cpu')
    expect(choice.reason.length).toBeGreaterThan(0)
  })

  it('caches one session per program and shape class, and disposes them', async () => {
    const runtime = await Runtime.create({ executionProvider: 'cpu', intraOpNumThreads: 1 })
    expect(runtime.sessionOptions().extra).toEqual({ session: { 'intra_op.allow_spinning': '0', 'inter_op.allow_spinning': '0' } })
    let builds = 0
    const build = () => (builds++, doubler())
    const a = await runtime.program('doubler', 'N', build)
    const b = await runtime.program('doubler', 'N', build)
    const c = await runtime.program('doubler', 'other', build)
    expect(a).toBe(b)
    expect(c).not.toBe(a)
    expect(builds).toBe(2)
    const out = await a.run({ x: hostTensor(new Float32Array([1, 2, 3, 4]), [2, 2]) })
    expect(Array.from(out.y!.data as Float32Array)).toEqual([2, 4, 6, 8])
    expect(runtime.cachedPrograms).toEqual(['doubler@N', 'doubler@other'])
    await runtime.dispose()
    expect(runtime.cachedPrograms).toEqual([])
    expect(() => runtime.program('doubler', 'N', build)).toThrow(/disposed/)
  })

  it('re-throws ORT errors with the program name and the input shapes', async () => {
    const runtime = await Runtime.create({ executionProvider: 'cpu' })
    const p = await runtime.program('doubler', 'N', doubler)
    await expect(p.run({ x: hostTensor(new Float32Array(3), [1, 3]) })).rejects.toThrow(ProgramRunError)
    await expect(p.run({ x: hostTensor(new Float32Array(3), [1, 3]) })).rejects.toThrow(/program "doubler" \(shape class N\).*x: float32\[1, 3\]/)
    await runtime.dispose()
  })

  it('seeds initialisation and sampling deterministically', () => {
    const a = new Rng(42)
    const b = new Rng(42)
    const xs = a.fillNormal(new Float32Array(1000))
    expect(b.fillNormal(new Float32Array(1000))).toEqual(xs)
    expect(new Rng(43).fillNormal(new Float32Array(4))).not.toEqual(xs.slice(0, 4))
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length
    expect(Math.abs(mean)).toBeLessThan(0.1)
    expect(variance).toBeGreaterThan(0.85)
    expect(variance).toBeLessThan(1.15)
    const resumed = new Rng(a.state())
    expect(resumed.uniform()).toBe(a.uniform())
    const counts = [0, 0, 0]
    const r = new Rng(1)
    for (let i = 0; i < 3000; i++) counts[r.categorical([1, 0, 2])]!++
    expect(counts[1]).toBe(0)
    expect(counts[2]! / counts[0]!).toBeGreaterThan(1.7)
    expect(counts[2]! / counts[0]!).toBeLessThan(2.3)
  })
})
