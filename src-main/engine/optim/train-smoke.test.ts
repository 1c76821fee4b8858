// Smoke test: a tiny decoder stack trains a few steps through the runtime's cached train-step program; the loss
// falls and every parameter tensor changes.
import { describe, expect, it } from 'vitest'
import { stackData, stackLoss, stackParams, type StackConfig } from '../nn/transformer-stack'
import { Rng } from '../runtime/random'
import { Runtime } from '../runtime/runtime'
import { hostTensor } from '../runtime/tensors'
import { ParamLayout } from './param-layout'
import { buildTrainStepGraph } from './train-step'
import { TrainState } from './train-state'

describe('training smoke test', () => {
  it('lowers the loss and updates every parameter', async () => {
    const c: StackConfig = { vocab: 11, width: 16, layers: 2, heads: 2, ffn: 24, batch: 4, seq: 8 }
    const layout = new ParamLayout(stackParams(c))
    const hyper = { beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.01, maxGradNorm: 1 }
    const runtime = await Runtime.create({ executionProvider: 'cpu' })
    const program = await runtime.program('stack-train', `B${c.batch}xT${c.seq}`, () =>
      buildTrainStepGraph({ name: 'stack-train', layout, hyper, data: stackData(c), loss: stackLoss(c) }),
    )
    // A learnable task: the next token is the current token + 1 (mod vocab).
    const rng = new Rng(5)
    const tokens = BigInt64Array.from({ length: c.batch * c.seq }, () => BigInt(Math.floor(rng.uniform() * c.vocab)))
    const targets = tokens.map((t) => (t + 1n) % BigInt(c.vocab))
    const feeds = {
      tokens: hostTensor(tokens, [c.batch, c.seq]),
      targets: hostTensor(targets, [c.batch, c.seq]),
      mask: hostTensor(new Float32Array(c.batch * c.seq).fill(1), [c.batch, c.seq]),
    }
    const initial = layout.initialise(new Rng(1))
    const state = new TrainState(initial.slice(), hyper)
    const losses: number[] = []
    for (let i = 0; i < 8; i++) losses.push(...(await state.run(program, 1e-2, feeds)).losses)
    expect(losses[0]).toBeCloseTo(Math.log(c.vocab), 1)
    expect(losses[7]!).toBeLessThan(losses[0]! - 0.3)
    for (const e of layout.entries) {
      const before = layout.read(initial, e.name)
      const after = layout.read(state.params, e.name)
      expect(after.some((v, i) => v !== before[i]), `${e.name} changed`).toBe(true)
    }
    await runtime.dispose()
  })
})
