// Loss functions: values against plain TypeScript formulas, gradients against finite differences.
import { describe, expect, it } from 'vitest'
import { type GradCheckCase, gradCheck } from '../autodiff/gradcheck'
import { Graph, type Tensor } from '../graph/graph'
import { Rng } from '../runtime/random'
import { openGraph } from '../runtime/runtime'
import { hostTensor } from '../runtime/tensors'
import { crossEntropy, entropyFromLogits, maskedMeanPerSequence, maskedMeanTokens, ppoClipLoss, prmBceLoss, tokenLogProbs } from './losses'

const [B, T, V] = [2, 3, 4]
const rng = new Rng(11)
const logits = rng.fillNormal(new Float64Array(B * T * V))
const tokens = BigInt64Array.from({ length: B * T }, () => BigInt(Math.floor(rng.uniform() * V)))
const mask = Float64Array.from([1, 1, 0, 1, 0, 0])

function logSoftmaxRow(row: number[]): number[] {
  const max = Math.max(...row)
  const lse = max + Math.log(row.reduce((a, x) => a + Math.exp(x - max), 0))
  return row.map((x) => x - lse)
}
const refLogp = Array.from({ length: B * T }, (_, i) => logSoftmaxRow(Array.from(logits.slice(i * V, i * V + V)))[Number(tokens[i])]!)

async function evaluate(build: (g: Graph) => Record<string, Tensor>, feeds: Record<string, ReturnType<typeof hostTensor>>) {
  const g = new Graph('loss')
  for (const [name, t] of Object.entries(build(g))) g.output(t, name)
  const program = await openGraph(g)
  const out = await program.run(feeds)
  return Object.fromEntries(Object.entries(out).map(([k, t]) => [k, Array.from(t.data as Float64Array)]))
}

const logitsIn = (g: Graph) => g.input('logits', 'float64', [B, T, V])
const feedsBase = () => ({ logits: hostTensor(logits, [B, T, V]), tokens: hostTensor(tokens, [B, T]), mask: hostTensor(mask, [B, T]) })

describe('losses', () => {
  it('token log-probs, entropy, masked means and cross-entropy match TypeScript', async () => {
    const out = await evaluate((g) => {
      const l = logitsIn(g)
      const tok = g.input('tokens', 'int64', [B, T])
      const m = g.input('mask', 'float64', [B, T])
      const lp = tokenLogProbs(l, tok)
      return { lp, ent: entropyFromLogits(l), tokMean: maskedMeanTokens(lp, m), seqMean: maskedMeanPerSequence(lp, m), ce: crossEntropy(l, tok, m) }
    }, feedsBase())
    out.lp!.forEach((v, i) => expect(v).toBeCloseTo(refLogp[i]!, 10))
    const ent0 = logSoftmaxRow(Array.from(logits.slice(0, V))).reduce((a, lp) => a - Math.exp(lp) * lp, 0)
    expect(out.ent![0]).toBeCloseTo(ent0, 10)
    const tokMean = (refLogp[0]! + refLogp[1]! + refLogp[3]!) / 3
    expect(out.tokMean![0]).toBeCloseTo(tokMean, 7)
    expect(out.seqMean![0]).toBeCloseTo(((refLogp[0]! + refLogp[1]!) / 2 + refLogp[3]!) / 2, 7)
    expect(out.ce![0]).toBeCloseTo(-tokMean, 7)
  })

  it('PPO-clip loss, clip fraction and approximate KL match verl formulas', async () => {
    const logp = Float64Array.from({ length: B * T }, () => -1 + 0.5 * rng.normal())
    const old = logp.map((x) => x + 0.4 * rng.normal())
    const adv = Float64Array.from({ length: B * T }, () => rng.normal())
    const eps = 0.2
    const out = await evaluate(
      (g) => {
        const inp = (n: string) => g.input(n, 'float64', [B, T])
        const r = ppoClipLoss({ logProbs: inp('logp'), oldLogProbs: inp('old'), advantages: inp('adv'), mask: inp('mask'), clipRatio: eps })
        return { loss: r.loss, clipfrac: r.clipFraction, kl: r.approxKl }
      },
      { logp: hostTensor(logp, [B, T]), old: hostTensor(old, [B, T]), adv: hostTensor(adv, [B, T]), mask: hostTensor(mask, [B, T]) },
    )
    let loss = 0, clipped = 0, kl = 0, n = 0
    for (let i = 0; i < B * T; i++) {
      if (!mask[i]) continue
      const ratio = Math.exp(logp[i]! - old[i]!)
      const pg1 = -adv[i]! * ratio
      const pg2 = -adv[i]! * Math.min(Math.max(ratio, 1 - eps), 1 + eps)
      loss += Math.max(pg1, pg2)
      clipped += pg2 > pg1 ? 1 : 0
      kl += old[i]! - logp[i]!
      n++
    }
    expect(out.loss![0]).toBeCloseTo(loss / n, 7)
    expect(out.clipfrac![0]).toBeCloseTo(clipped / n, 7)
    expect(out.kl![0]).toBeCloseTo(kl / n, 7)
  })

  it('PRM BCE on the sequence sum matches BCE(sigmoid(beta * sum q), acc) with soft labels', async () => {
    const q = Float64Array.from({ length: B * T }, () => 3 * rng.normal())
    const acc = Float64Array.from([1, 0.25])
    const beta = 0.05
    const out = await evaluate(
      (g) => {
        const r = prmBceLoss({ tokenScores: g.input('q', 'float64', [B, T]), mask: g.input('mask', 'float64', [B, T]), labels: g.input('acc', 'float64', [B]), beta })
        return { loss: r.loss, rewards: r.sequenceRewards }
      },
      { q: hostTensor(q, [B, T]), mask: hostTensor(mask, [B, T]), acc: hostTensor(acc, [B]) },
    )
    let loss = 0
    for (let b = 0; b < B; b++) {
      let s = 0
      for (let t = 0; t < T; t++) s += q[b * T + t]! * mask[b * T + t]!
      const p = 1 / (1 + Math.exp(-beta * s))
      expect(out.rewards![b]).toBeCloseTo(beta * s, 10)
      loss += -(acc[b]! * Math.log(p) + (1 - acc[b]!) * Math.log(1 - p))
    }
    expect(out.loss![0]).toBeCloseTo(loss / B, 10)
  })

  describe('gradients', () => {
    const fixedMask = (like: Tensor) => like.graph.constant(mask, [B, T])
    const logProbDomain = { shape: [B, T], domain: { kind: 'real', lo: -1.5, hi: -0.5 } } as const
    const cases: GradCheckCase[] = [
      {
        name: 'cross-entropy (seq mean)',
        inputs: [{ shape: [B, T, V] }, { shape: [B, T], domain: { kind: 'int', lo: 0, hi: V } }],
        build: ([l, t]) => crossEntropy(l!, t!, fixedMask(l!), 'seq-mean-token-mean'),
      },
      { name: 'entropy', inputs: [{ shape: [B, T, V] }], build: ([l]) => entropyFromLogits(l!) },
      {
        name: 'PPO-clip',
        inputs: [logProbDomain, logProbDomain, { shape: [B, T] }],
        build: ([lp, old, adv]) =>
          ppoClipLoss({ logProbs: lp!, oldLogProbs: old!, advantages: adv!, mask: fixedMask(lp!), clipRatio: 0.2 }).loss,
      },
      {
        name: 'PRM BCE (saturating sums)',
        inputs: [{ shape: [B, T], domain: { kind: 'real', lo: -20, hi: 20 } }, { shape: [B], domain: { kind: 'real', lo: 0, hi: 1 } }],
        build: ([q, acc]) => prmBceLoss({ tokenScores: q!, mask: fixedMask(q!), labels: acc!, beta: 0.05 }).loss,
      },
    ]
    it.each(cases)('$name', async (c) => {
      const r = await gradCheck(c)
      expect(r.failures).toEqual([])
    })
  })
})
