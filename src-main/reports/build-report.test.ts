import { describe, expect, it } from 'vitest'
import { LAPTOP_PRESET } from '../../src-preload/contract/rl-config'
import { buildReport, type ReportRun } from './build-report'
import { reportEnvironment, runtimeLineOf } from './environment'
import { syntheticMetrics, syntheticRecord, syntheticSummary } from './test-support/synthetic-runs'

const HOSTILE = '<script>alert("x")</script> & <img src=https://evil.example/x.png>'

const environment = reportEnvironment(
  { name: 'prime-workbench', version: '9.8.7' },
  { info: { ortVersion: '1.30.0', executionProviders: [{ name: 'cpu', available: true }, { name: 'cuda', available: false, reason: 'no libcudart' }], nodeVersion: '20.20.0', platform: 'linux-x64', cpus: 2 } },
  new Date('2025-02-03T04:05:06.000Z'),
)

const extras = (step: number) => ({ 'reward_model/loss': 0.69 - step / 100, 'actor/entropy': 1 / step })
const runs: ReportRun[] = [
  {
    summary: syntheticSummary('run-p1', HOSTILE, { algorithm: 'prime', seed: 1 }),
    metrics: syntheticMetrics([0.2, 0.6, 1, 1, 1, 1], extras),
    rollouts: [{ iteration: 3, records: [syntheticRecord(0, [{ reward: 0.4, truth: true }, { reward: -0.3, truth: false }])] }],
    runtimeLine: 'ONNX Runtime on cpu (CPU requested), 2 threads',
  },
  {
    summary: syntheticSummary('run-r1', 'rloo seed 1', { algorithm: 'rloo', seed: 1, policy: { ...LAPTOP_PRESET.policy } }),
    metrics: syntheticMetrics([0.1, 0.2, 0.3, 0.6, 0.9, 1]),
  },
]

/** Text outside markup, entities decoded: what a reader sees. */
function visibleText(html: string): string {
  return html.replace(/<[^>]*>/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&')
}

describe('the HTML report', () => {
  const html = buildReport(runs, { environment, rewardThreshold: 0.6 })

  it('is one self-contained document: no scripts, no external URLs, its own strict CSP', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true)
    expect(html).not.toMatch(/<script/i)
    expect(html).not.toMatch(/<(link|iframe|object|embed|img)\b/i)
    // Nothing to fetch: no src/href and no url() but in-page references (#id), no @import.
    const tags = html.match(/<[^>]+>/g) ?? []
    expect(tags.filter((tag) => /\s(src|href|xlink:href)\s*=\s*(?!["']?#)/i.test(tag))).toEqual([])
    expect(html).not.toMatch(/url\((?!["']?#)|@import/i)
    // With names that mention no URL, no scheme appears at all except the SVG namespace URIs.
    const benign = buildReport([{ ...runs[0]!, summary: { ...runs[0]!.summary, name: 'prime' } }, runs[1]!], { environment })
    expect(benign.replace(/xmlns(:\w+)?="[^"]*"/g, '')).not.toMatch(/https?:|\/\/[a-z]/i)
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`)
  })

  it('escapes run names everywhere, including the chart legends', () => {
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=https://evil.example/x.png&gt;')
    expect(html).not.toContain(HOSTILE)
    expect(visibleText(html)).toContain(HOSTILE)
  })

  it('holds an SVG chart per panel with data, a line per seed group, and skips panels without data', () => {
    const charts = html.match(/<figure class="chart"><svg[\s\S]*?<\/figure>/g) ?? []
    // Reward, validation accuracy, PRM, entropy have data; the rest say so.
    expect(charts).toHaveLength(4)
    expect(charts[0]).toContain('Reward')
    expect(html).toMatch(/No data for: [^<]*Step localisation/)
    const rewardLegend = /<figure class="chart">[\s\S]*?<ul class="legend">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? ''
    // A line per seed group and metric (each group holds one run here, named in its label): these runs logged both
    // of the panel's metrics.
    expect(rewardLegend.match(/<li>/g)).toHaveLength(4)
    expect(rewardLegend).toContain('rloo (rloo seed 1) · training reward (after filter)')
    expect(charts[0]).toContain('&lt;script&gt;alert(&quot;x&quot;)')
    expect(html).toContain('Curves smoothed per run (EMA, weight 0.60) before anything is averaged. One line per group')
  })

  it('draws a seed group as its mean with a shaded band over its seeds', () => {
    const seeds = [1, 2].map((seed) => ({ summary: syntheticSummary(`p${seed}`, `prime ${seed}`, { algorithm: 'prime', seed }), metrics: syntheticMetrics(seed === 1 ? [0.1, 0.5, 0.9] : [0.3, 0.4, 0.5]) }))
    const grouped = buildReport(seeds, { environment })
    const reward = /<figure class="chart">([\s\S]*?)<\/figure>/.exec(grouped)?.[1] ?? ''
    expect(reward).toContain('prime (mean of 2 seeds)')
    expect(reward).toMatch(/fill-opacity="0\.18"/)
    expect(buildReport(seeds, { environment, seedMean: false })).not.toMatch(/fill-opacity="0\.18"/)
  })

  it('shows only the settings that differ, with the full configs folded away', () => {
    const diff = /<table class="diff">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? ''
    const paths = [...diff.matchAll(/<td><code>([^<]*)<\/code><\/td>/g)].map((m) => m[1])
    expect(paths).toEqual(['algorithm'])
    expect(html).toMatch(/<details><summary>Full configurations<\/summary>[\s\S]*&quot;maxResponseTokens&quot;/)
  })

  it('has the sample-efficiency table and the PRIME vs baseline ratio by seed, stating its options', () => {
    const efficiency = /<table class="efficiency">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? ''
    // EMA (weight 0.6) of PRIME's rewards: 0.2, 0.45, 0.731 → 0.6 reached at iteration 3; RLOO's: 0.1, 0.163, 0.233,
    // 0.401, 0.618 → iteration 5; 10 s of wall time per iteration.
    expect(efficiency).toMatch(/rloo seed 1<\/td><td>rloo<\/td><td class="num">1<\/td><td class="num">[\d.]+<\/td><td class="num">5<\/td><td class="num">50s<\/td>/)
    expect(efficiency).toContain('<td class="num">3</td><td class="num">30s</td>')
    const ratios = /<table class="ratios">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? ''
    expect(ratios).toContain('<td class="num">1.67×</td><td class="num">1.67×</td>')
    expect(html).toContain("smoothed (EMA, weight 0.60), is ≥ 0.6 (the level asked for).")
  })

  it('draws the selected heatmaps and the environment', () => {
    expect(html).toMatch(/<figcaption>&lt;script&gt;[^<]* — iteration 3<\/figcaption><svg/)
    const env = /<table class="env">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? ''
    for (const fact of ['prime-workbench 9.8.7', '20.20.0', '1.30.0', 'cuda (unavailable: no libcudart)', 'linux-x64', '>2<', '2025-02-03T04:05:06.000Z']) expect(env).toContain(fact)
    expect(html).toContain('ONNX Runtime on cpu (CPU requested), 2 threads')
  })

  it('draws each step-localisation curve beside reference surprisal and chance, names its object, and says the same beside the heatmap', () => {
    const localisation = (step: number) => ({
      'step_validity/credit/top1': 0.3,
      'step_validity/process/top1': 0.2 + step / 20,
      'step_validity/ref_surprisal/top1': 0.7,
      'step_validity/chance_top1': 0.3,
      'step_validity/responses': 40,
    })
    const withSteps = buildReport([{ ...runs[0]!, summary: { ...runs[0]!.summary, name: 'prime' }, metrics: syntheticMetrics([0.2, 0.6, 1], localisation) }], { environment })
    const panel = (title: string) => /<figure class="chart">[\s\S]*?<\/figure>/g[Symbol.match](withSteps)?.find((figure) => figure.includes(`>${title}<`)) ?? ''
    for (const [title, object] of [
      ['Step localisation: policy-gradient credit', 'first-error top-1, policy-gradient credit (advantages)'],
      ['Step localisation: process reward s/Z', 'first-error top-1, process reward s/Z'],
    ]) {
      const figure = panel(title!)
      expect(figure).toContain(object)
      // The references, dashed and dotted, in the run's colour, and the note naming the object.
      expect(figure).toMatch(/stroke-dasharray="5 3"\/><\/svg>prime \(prime\) · first-error top-1, reference surprisal \(baseline\)/)
      expect(figure).toMatch(/stroke-dasharray="1\.5 2\.5"\/><\/svg>prime \(prime\) · first-error top-1 by chance/)
      expect(figure).toContain('Dashed: reference surprisal (−log π_ref, no training); dotted: chance (mean of 1/steps).')
    }
    // The heatmap of iteration 3 colours step rewards (s/Z): its localisation at that iteration, beside the yardsticks.
    expect(withSteps).toContain('First-error top-1 at this iteration, over the batch’s 40 wrong responses: process reward s/Z 0.35 · reference surprisal (baseline) 0.7 · chance 0.3.')
  })

  it('can chart every run unsmoothed, says when no run has rewards, and refuses an empty report', () => {
    const perRun = buildReport(runs, { environment, seedMean: false, smoothing: { kind: 'none' } })
    expect(perRun).toContain('Curves smoothed per run (no smoothing) before anything is averaged. One line per run.')
    expect(perRun).toMatch(/<li><svg[^>]*>.*?<\/svg>rloo seed 1 · training reward \(after filter\)<\/li>/)
    const noRewards = buildReport([{ ...runs[1]!, metrics: [] }], { environment })
    expect(noRewards).toContain('No run logged the rollout accuracy (before filter) (rollout/acc_before_filter).')
    expect(noRewards).toContain('One run: nothing to compare.')
    expect(() => buildReport([], { environment })).toThrow(/no runs/)
  })
})

describe('environment', () => {
  it('finds the last "ONNX Runtime on" log line, and reports a runtime that could not be asked', () => {
    expect(runtimeLineOf(['t [info] ONNX Runtime on cpu (a), 1 threads', 'x', 't [info] ONNX Runtime on cuda (b), 4 threads', 't [info] done'])).toBe('ONNX Runtime on cuda (b), 4 threads')
    expect(runtimeLineOf([])).toBeNull()
    const env = reportEnvironment({ name: 'a', version: '1' }, { error: 'trainer did not start' })
    expect(env).toMatchObject({ ortVersion: null, runtimeError: 'trainer did not start', nodeVersion: process.versions.node })
  })
})
