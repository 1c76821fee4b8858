import { describe, expect, it } from 'vitest'
import { Graph } from '../graph/graph'
import * as ops from '../ops'
import { describeRuntime, chooseExecutionProvider } from './providers'
import { Rng } from './random'
import { releaseOverBudget } from './memory-budget'
import { ProgramRunError, Runtime } from './runtime'
import { hostTensor } from './tensors'

function doubler(): Graph {
  const g = new Graph('doubler')
  g.output(ops.mul(g.input('x', 'float32', ['N', 2]), 2), 'y')
  return g
}

/** Enough float work (matmul, softmax, tanh) that a differently compiled session could round differently. */
function mixer(): Graph {
  const g = new Graph('mixer')
  const x = g.input('x', 'float32', ['N', 64])
  const w = g.constant(new Rng(7).fillNormal(new Float32Array(64 * 64)), [64, 64])
  g.output(ops.tanh(ops.matmul(ops.softmax(ops.matmul(x, w)), w)), 'y')
  return g
}

const mixerInput = () => ({ x: hostTensor(new Rng(9).fillNormal(new Float32Array(8 * 64)), [8, 64]) })

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

  it('over its memory budget, releases idle sessions after a run and reopens them on their next, with identical results', async () => {
    // A budget of 0 bytes: after every run, every session but the one that just ran is released.
    const runtime = await Runtime.create({ executionProvider: 'cpu', intraOpNumThreads: 1, memoryBudget: 0 })
    let builds = 0
    const build = () => (builds++, mixer())
    const a = await runtime.program('mixer', 'A', build)
    const b = await runtime.program('mixer', 'B', build)
    const first = (await a.run(mixerInput())).y!.data
    expect(runtime.openPrograms).toEqual(['mixer@A'])
    expect(runtime.sessionsReleased).toBe(1)
    await b.run(mixerInput())
    expect(runtime.openPrograms).toEqual(['mixer@B'])
    expect(await runtime.program('mixer', 'A', build)).toBe(a)
    expect((await a.run(mixerInput())).y!.data).toEqual(first)
    expect([runtime.sessionsOpened, runtime.sessionsReleased, builds]).toEqual([4, 3, 4])
    expect(runtime.cachedPrograms).toEqual(['mixer@A', 'mixer@B'])
    await runtime.dispose()
    expect([runtime.cachedPrograms, runtime.openPrograms]).toEqual([[], []])
    await expect(a.run(mixerInput())).rejects.toThrow(/disposed/)
    await expect(Runtime.create({ memoryBudget: -1 })).rejects.toThrow(/memoryBudget must be a number of bytes >= 0.*got -1/)
  })

  it('never releases a session with a run pending, nor one being reopened', async () => {
    const runtime = await Runtime.create({ executionProvider: 'cpu', intraOpNumThreads: 1, memoryBudget: 0 })
    const a = await runtime.program('mixer', 'A', mixer)
    const b = await runtime.program('mixer', 'B', mixer)
    const expected = (await a.run(mixerInput())).y!.data
    expect(b.isOpen).toBe(false)
    // b's run reopens its session; a's run is pending while b's ends (ORT runs one call at a time): neither goes.
    const [outB, outA] = await Promise.all([b.run(mixerInput()), a.run(mixerInput())])
    expect([outA.y!.data, outB.y!.data]).toEqual([expected, expected])
    expect(runtime.sessionsReleased).toBe(2)
    await runtime.dispose()
  })

  it('releases the least recently used idle sessions until the process is within its budget', async () => {
    const runtime = await Runtime.create({ executionProvider: 'cpu', intraOpNumThreads: 1, memoryBudget: Infinity })
    const programs = [await runtime.program('doubler', '1', doubler), await runtime.program('doubler', '2', doubler)]
    programs.push(await runtime.program('doubler', '3', doubler), await runtime.program('doubler', '4', doubler))
    for (const i of [2, 0, 3, 1]) await programs[i]!.run({ x: hostTensor(new Float32Array(2), [1, 2]) })
    // Resident memory read as 100 bytes per open session: a budget of 250 leaves two open.
    const rss = () => 100 * programs.filter((p) => p.isOpen).length
    expect(await releaseOverBudget(programs, programs[1]!, 250, rss)).toBe(2)
    expect(runtime.openPrograms).toEqual(['doubler@2', 'doubler@4'])
    expect(await releaseOverBudget(programs, programs[1]!, 0, rss)).toBe(1)
    expect(runtime.openPrograms).toEqual(['doubler@2'])
    await runtime.dispose()
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
