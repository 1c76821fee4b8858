// One truth for every number: the same run folders go to the report builder, to `prime-workbench compare` (a real
// process) and to the Compare view's code path (the series worker's service over the renderer's metric cache in
// IndexedDB, its seed groups, its readouts and its panels), and all three must show the same figures — sample
// efficiency with its options, PRIME ÷ baseline ratios by seed, the settings that differ, the paired study (gates,
// accuracies ± SE per arm, per-pair AUC differences and reach ratios with their intervals, sign tests and
// verdicts), seed means with their bands and the heatmap's colour range.
import 'fake-indexeddb/auto'
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import Dexie from 'dexie'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHost, type Host } from '../../src-main/host/host'
import { forkSourceTrainer } from '../../src-main/host/source-trainer'
import { call } from '../../src-main/host/test-hosts'
import { buildReport } from '../../src-main/reports/build-report'
import { seedMeanLines } from '../../src-main/reports/chart-lines'
import { collectReportRuns } from '../../src-main/reports/collect'
import { reportEnvironment } from '../../src-main/reports/environment'
import { syntheticRecord } from '../../src-main/reports/test-support/synthetic-runs'
import { RunFiles, appendRunEvent } from '../../src-main/trainer/run-files'
import { comparisonReadout } from '../../src-renderer/src/compare/efficiencyReadout'
import { defaultCompareSettings, smoothingOf } from '../../src-renderer/src/compare/settings'
import { buildHeatmap } from '../../src-renderer/src/components/heatmap/heatmap-model'
import { parseRolloutRecords } from '../../src-renderer/src/components/heatmap/rollout-records'
import { WorkbenchDatabase } from '../../src-renderer/src/db/database'
import { SeriesService } from '../../src-renderer/src/series/series-service'
import { TRAINING_REWARD } from '../contract/metrics'
import { LAPTOP_PRESET, type Algorithm } from '../contract/rl-config'
import type { MetricColumnsPayload } from '../contract/metric-columns-wire'
import type { Grouping, MetricsRow, RunSummary } from '../contract/schemas'
import { DEFAULT_GROUPING, GATE_A, GATE_B, MetricColumns, configDiff, defaultPairing, describeGrouping, ema, formatCredit, formatFigure, formatSettingValue, iterationRows, parseGrouping, seedGroups, type StudyReadout } from './index'

const workspace = mkdtempSync(join(tmpdir(), 'prime-same-figures-'))
const CLI = resolve(import.meta.dirname, '../../src-main/cli/main.ts')
const ITERATIONS = 40

/** Deterministic noise in [-0.5, 0.5) (no Math.random: a failure must reproduce). */
function noise(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0
    return state / 2 ** 32 - 0.5
  }
}

interface Spec {
  name: string
  algorithm: Algorithm
  seed: number
  /** Iteration at which the reward curve is half-way up. */
  midpoint: number
  secondsPerIteration: number
  lr?: number
}

// PRIME learns faster than RLOO but each of its iterations takes longer (the PRM update); one PRIME run with another
// learning rate must join no ratio. Seeds 1–3 of each algorithm pair up.
const SPECS: Spec[] = [
  { name: 'prime s1', algorithm: 'prime', seed: 1, midpoint: 12, secondsPerIteration: 12.5 },
  { name: 'prime s2', algorithm: 'prime', seed: 2, midpoint: 15, secondsPerIteration: 13.1 },
  { name: 'prime s3', algorithm: 'prime', seed: 3, midpoint: 10, secondsPerIteration: 12.2 },
  { name: 'rloo s1', algorithm: 'rloo', seed: 1, midpoint: 20, secondsPerIteration: 10.2 },
  { name: 'rloo s2', algorithm: 'rloo', seed: 2, midpoint: 26, secondsPerIteration: 9.8 },
  { name: 'rloo s3', algorithm: 'rloo', seed: 3, midpoint: 18, secondsPerIteration: 10.4 },
  { name: 'prime lr s1', algorithm: 'prime', seed: 1, midpoint: 9, secondsPerIteration: 12.5, lr: 3e-4 },
]

/** The rows a trainer would have written: SFT progress at step 0, then one row per iteration. */
function metricsOf(spec: Spec, index: number): MetricsRow[] {
  const jitter = noise(1000 * spec.seed + index)
  const sft = [0, 1].map((k): MetricsRow => ({ step: 0, time: 1_700_000_000 + k, values: { 'sft/loss': 2 - k } }))
  const iterations = Array.from({ length: ITERATIONS }, (_, i): MetricsRow => {
    const step = i + 1
    const reward = Math.min(1, Math.max(0, 0.9 / (1 + Math.exp(-(step - spec.midpoint) / 3)) + 0.15 * jitter()))
    return {
      step,
      time: 1_700_000_100 + step * spec.secondsPerIteration,
      values: {
        [TRAINING_REWARD]: reward,
        'critic/score/mean': 0.5 + 0.1 * jitter(),
        'train/wall_time': step * spec.secondsPerIteration,
        'train/samples_seen': 64 * step,
        ...(step % 5 === 0 ? { 'val/acc': Math.min(1, reward * 0.8 + 0.05 * jitter()) } : {}),
        // The study's gates and accuracies, deterministic so as not to move the noise above.
        ...(step === 1 ? { [GATE_A.metric]: 0.4 + spec.seed / 50, [GATE_A.chance]: 0.3 } : {}),
        ...(step % 5 === 0 ? { 'val/acc_se': 0.02 + spec.seed / 1000 } : {}),
        ...(step % 5 === 0 && spec.algorithm === 'prime' ? { [GATE_B.metric]: 0.6 + step / 100 } : {}),
        ...(step === ITERATIONS ? { 'test/acc': 0.5 + spec.seed / 20, 'test/acc_se': 0.021 } : {}),
      },
    }
  })
  return [...sft, ...iterations]
}

let runs: RunSummary[] = []
let host: Host

beforeAll(async () => {
  // Run folders as the host creates them and the trainer writes them (run.json, metrics.ndjson, events.ndjson,
  // rollouts/), read back by a fresh host as the app, the browser host and the CLI would.
  const writer = createHost({ workspaceDir: workspace, spawnTrainer: forkSourceTrainer, appInfo: appInfo() })
  const created: RunSummary[] = []
  for (const spec of SPECS) {
    const config = { ...LAPTOP_PRESET, algorithm: spec.algorithm, seed: spec.seed, iterations: ITERATIONS, policy: { ...LAPTOP_PRESET.policy, lr: spec.lr ?? LAPTOP_PRESET.policy.lr } }
    created.push(await call<RunSummary>(writer, 'runs.create', { name: spec.name, config }))
  }
  writer.dispose()
  created.forEach((run, index) => {
    const dir = join(workspace, 'runs', run.id)
    const files = new RunFiles(dir)
    files.appendEvent({ event: 'started' })
    const rows = metricsOf(SPECS[index] as Spec, index)
    for (const row of rows) files.appendMetrics(row)
    // The first PRIME run was resumed from its checkpoint at iteration 38: its last two iterations were written
    // again, and the later lines are the true ones.
    if (index === 0) for (const row of rows.slice(-2)) files.appendMetrics({ ...row, time: row.time + 1, values: { ...row.values, [TRAINING_REWARD]: 0.97 } })
    if (index === 0) {
      // 20 sampled responses, the largest |step reward| in row 18: beyond the 16 rows the report draws.
      const records = Array.from({ length: 20 }, (_, row) =>
        syntheticRecord(row, [
          { reward: 0.1 * ((row % 5) - 2), truth: true },
          { reward: row === 18 ? -0.83 : 0.05 * (row % 3), truth: row % 4 !== 1 },
        ]),
      )
      files.writeRollouts(3, records)
    }
    appendRunEvent(dir, { event: 'completed' })
  })
  host = createHost({ workspaceDir: workspace, spawnTrainer: forkSourceTrainer, appInfo: appInfo() })
  runs = created.map((run) => host.runs.get(run.id))
})

afterAll(() => {
  host?.dispose()
  rmSync(workspace, { recursive: true, force: true })
})

function appInfo() {
  return { name: 'prime-workbench', version: '0.0.0-test', mode: 'browser' as const, versions: { node: process.versions.node, electron: null, chrome: null } }
}

/** The figures one readout shows, keyed so that the three can be compared whatever order they list runs in. */
interface Figures {
  description: string
  /** How runs were grouped, as the readout states it. */
  grouping: string
  runs: Record<string, { group: string; seed: string; final: string; iterations: string; wallTime: string }>
  comparison: { title: string; pairs: string[][]; iterations: string; wallTime: string; note: string }
  settings: string[][]
  study: StudyFigures
}

/** The paired study as every readout shows it. */
interface StudyFigures {
  description: string
  gates: string[]
  arms: string[][]
  comparisons: { title: string; pairs: string[][]; auc: string; reach: string; verdict: string }[]
  verdict: string
}

/** As the Compare view renders StudyReadout.vue (and the report and the CLI their blocks): the readout's strings. */
function studyFigures(study: StudyReadout): StudyFigures {
  return {
    description: study.description,
    gates: study.gates.map((g) => `${g.title}: ${g.passed === null ? 'n/a' : g.passed ? 'passed' : 'FAILED'} — ${g.detail}${g.consequence ? ` ${g.consequence}` : ''}`),
    arms: study.arms.map((a) => [a.label, String(a.runs), a.validation, a.test]),
    comparisons: study.comparisons.map((c) => ({
      title: c.title,
      pairs: c.pairs.map((p) => [p.seed, p.armRun, p.baselineRun, p.iterations, p.armAuc, p.baselineAuc, p.aucDifference, p.level, p.baselineReach, p.armReach, p.reachRatio]),
      auc: c.auc,
      reach: c.reach,
      verdict: c.verdict,
    })),
    verdict: study.verdict,
  }
}

// ---- the report -------------------------------------------------------------------------------------------------

function text(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .trim()
}

function tableRows(html: string): string[][] {
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? ''
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) => [...(row[1] ?? '').matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((cell) => text(cell[1] ?? '')))
}

function reportFigures(html: string): Figures {
  const section = /<section id="efficiency">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? ''
  const notes = [...section.matchAll(/<p class="note">([\s\S]*?)<\/p>/g)].map((m) => text(m[1] ?? ''))
  const perRun = tableRows(/<table class="efficiency">[\s\S]*?<\/table>/.exec(section)?.[0] ?? '')
  const ratios = tableRows(/<table class="ratios">[\s\S]*?<\/table>/.exec(section)?.[0] ?? '')
  const median = ratios.pop() ?? []
  const diff = /<table class="diff">[\s\S]*?<\/table>/.exec(html)?.[0] ?? ''
  const charts = text(/<section id="charts">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '')
  const study = /<section id="study">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? ''
  const comparisons = study.split('<h3>').slice(1)
  return {
    study: {
      description: text(/<p class="note">([\s\S]*?)<\/p>/.exec(study)?.[1] ?? ''),
      gates: [...study.matchAll(/<li data-gate="\w">([\s\S]*?)<\/li>/g)].map((m) => text(m[1] ?? '')),
      arms: tableRows(/<table class="arms">[\s\S]*?<\/table>/.exec(study)?.[0] ?? ''),
      comparisons: comparisons.map((c) => {
        const dd = [...c.matchAll(/<dd>([\s\S]*?)<\/dd>/g)].map((m) => text(m[1] ?? ''))
        return {
          title: text(c.slice(0, c.indexOf('</h3>'))),
          pairs: tableRows(/<table class="study-pairs">[\s\S]*?<\/table>/.exec(c)?.[0] ?? ''),
          auc: dd[0] ?? '',
          reach: dd[1] ?? '',
          verdict: text(/<p class="verdict">([\s\S]*?)<\/p>/.exec(c)?.[1] ?? ''),
        }
      }),
      verdict: text(/<p class="verdict"><strong>Verdict\.<\/strong> ([\s\S]*?)<\/p>/.exec(study)?.[1] ?? ''),
    },
    description: notes[0] ?? '',
    grouping: /One line per group \((.*)\): the mean over its runs/.exec(charts)?.[1] ?? '',
    runs: Object.fromEntries(perRun.map(([name, group, seed, final, iterations, wallTime]) => [name, { group, seed, final, iterations, wallTime }])) as Figures['runs'],
    comparison: {
      title: text(/<h3>([\s\S]*?)<\/h3>/.exec(section)?.[1] ?? ''),
      pairs: ratios.map(([seed, , , iterations, wallTime]) => [seed ?? '', iterations ?? '', wallTime ?? '']),
      iterations: median[3] ?? '',
      wallTime: median[4] ?? '',
      note: notes[1] ?? '',
    },
    settings: tableRows(diff),
  }
}

// ---- the CLI ----------------------------------------------------------------------------------------------------

/** A table printed by formatTable: columns are separated by two or more spaces, row 2 is the rule under the header. */
function cliTable(lines: readonly string[]): string[][] {
  return lines.slice(2).map((line) => line.trim().split(/\s{2,}/))
}

/** The CLI's blocks, separated by blank lines: the options sentence, the grouping, the runs, each comparison, the settings. */
function cliFigures(stdout: string): Figures {
  const [description = '', groupingBlock = '', runsBlock = '', comparisonBlock = '', settingsBlock = '', ...studyBlocks] = stdout.trimEnd().split('\n\n')
  const field = (block: string, label: string) => block.split('\n').find((line) => line.startsWith(`${label}: `))?.slice(label.length + 2) ?? ''
  const study: StudyFigures = {
    description: field(studyBlocks[0] ?? '', 'paired study'),
    gates: (studyBlocks[1] ?? '').split('\n').slice(1).map((line) => line.trim()),
    arms: cliTable((studyBlocks[2] ?? '').split('\n').slice(1)),
    comparisons: studyBlocks.slice(3, -1).map((block) => {
      const lines = block.split('\n')
      return {
        title: field(block, 'study'),
        pairs: cliTable(lines.slice(1).filter((line) => !/^(AUC difference|reach ratio|notes|verdict): /.test(line))),
        auc: field(block, 'AUC difference'),
        reach: field(block, 'reach ratio'),
        verdict: field(block, 'verdict'),
      }
    }),
    verdict: field(studyBlocks.at(-1) ?? '', 'verdict'),
  }
  const [title = '', ...ratioLines] = comparisonBlock.split('\n')
  const note = ratioLines.pop() ?? ''
  const ratios = cliTable(ratioLines)
  const median = ratios.pop() ?? []
  const [settingsTitle, ...settingsLines] = settingsBlock.split('\n')
  return {
    study,
    description,
    grouping: field(groupingBlock, 'grouping'),
    runs: Object.fromEntries(cliTable(runsBlock.split('\n')).map(([name, , group, seed, , , final, iterations, reachTime]) => [name, { group, seed, final, iterations, wallTime: reachTime }])) as Figures['runs'],
    comparison: {
      title,
      pairs: ratios.map(([seed, , , iterations, wallTime]) => [seed ?? '', iterations ?? '', wallTime ?? '']),
      iterations: median[1] ?? '',
      wallTime: median[2] ?? '',
      note,
    },
    settings: settingsTitle === 'settings that differ:' ? cliTable(settingsLines) : [],
  }
}

// ---- the Compare view -------------------------------------------------------------------------------------------

/**
 * What the Compare view computes with: the series worker's service (series/series-service.ts) over the renderer's
 * metric cache, synced from the host's `runs.metricColumns`.
 */
async function compareView(): Promise<SeriesService> {
  const db = new WorkbenchDatabase(`same-figures-${Date.now()}`)
  const service = new SeriesService(db, (id, sinceStep) => call<MetricColumnsPayload>(host, 'runs.metricColumns', { id, sinceStep }), { grew: () => {}, state: () => {}, idle: () => Promise.resolve() })
  try {
    for (const run of runs) {
      await service.open(run.id)
      await service.sync(run)
    }
    return service
  } finally {
    db.close()
    await Dexie.delete(db.name)
  }
}

function compareViewFigures(service: SeriesService, grouping: Grouping): Figures {
  // As CompareView.vue: the picked runs grouped as chosen, the readouts from the series worker.
  const groups = seedGroups(runs.map((r) => ({ id: r.id, name: r.name, config: r.config })), grouping)
  const readout = service.efficiency(groups, defaultCompareSettings())
  const pairing = defaultPairing(groups)
  const comparison = comparisonReadout(readout, groups, pairing.prime as string, pairing.baseline as string)
  const label = (key: string | null) => groups.find((g) => g.key === key)?.label ?? ''
  return {
    // As StudyReadout.vue, with the view's default settings.
    study: studyFigures(service.study(groups, defaultCompareSettings())),
    description: readout.description,
    // As the panels' note in CompareView.vue.
    grouping: describeGrouping(grouping),
    runs: Object.fromEntries(readout.rows.map((row) => [row.name, { group: row.groupLabel, seed: row.seed, final: row.final, iterations: row.iterations, wallTime: row.wallTime }])),
    comparison: {
      title: `${label(pairing.prime)} vs ${label(pairing.baseline)}`,
      pairs: comparison.pairs.map((p) => [p.seed, p.iterations, p.wallTime]),
      iterations: `${comparison.iterations.ratio} (${comparison.iterations.range})`,
      wallTime: `${comparison.wallTime.ratio} (${comparison.wallTime.range})`,
      note: comparison.note,
    },
    // As ConfigDiffTable.vue.
    settings: configDiff(runs.map((r) => r.config)).map(({ path, values }) => [path, ...values.map(formatSettingValue)]),
  }
}

/** The three readouts' figures for one grouping: the report's options, the CLI's flags and the view's settings. */
async function allFigures(service: SeriesService, grouping: Grouping, cliFlags: string[]): Promise<{ report: Figures; cli: Figures; compare: Figures }> {
  const collected = collectReportRuns(host.runs, runs.map((r) => r.id))
  const environment = reportEnvironment({ name: 'prime-workbench', version: 'test' }, { error: 'not asked' })
  const report = reportFigures(buildReport(collected.runs, { environment, grouping }))
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', CLI, 'compare', ...runs.map((r) => r.id), '--workspace', workspace, ...cliFlags], { timeout: 90_000 })
  return { report, cli: cliFigures(stdout), compare: compareViewFigures(service, grouping) }
}

describe('the report, the CLI and the Compare view show the same figures for the same runs', { timeout: 120_000 }, () => {
  let report: Figures
  let cli: Figures
  let compare: Figures
  let service: SeriesService

  beforeAll(async () => {
    service = await compareView()
    ;({ report, cli, compare } = await allFigures(service, DEFAULT_GROUPING, []))
    console.log(`same figures from the report, the CLI and the Compare view:\n${JSON.stringify(compare, null, 2)}`)
  }, 120_000)

  it('states the same options: metric, smoothing and level', () => {
    expect(compare.description).toMatch(/^Iterations to reach: the first iteration at which a run's rollout accuracy \(before filter\) \(rollout\/acc_before_filter\), smoothed \(EMA, weight 0\.60\), is ≥ 0\.\d+ \(the lowest final smoothed value among the runs\)\.$/)
    expect(report.description).toBe(compare.description)
    expect(cli.description).toBe(compare.description)
  })

  it('gives every run the same final value, iterations and wall time to reach the level', () => {
    expect(Object.keys(compare.runs).sort()).toEqual(SPECS.map((s) => s.name).sort())
    // The weakest run reaches the default level at its last iteration at the latest; the resumed run's later rows count.
    expect(Object.values(compare.runs).every((r) => /^\d+$/.test(r.iterations) && r.wallTime !== '—')).toBe(true)
    const resumed = metricsOf(SPECS[0] as Spec, 0).filter((row) => row.step >= 1).map((row) => (row.step > ITERATIONS - 2 ? 0.97 : (row.values[TRAINING_REWARD] as number)))
    expect(compare.runs['prime s1']?.final).toBe(formatFigure(ema(resumed, 0.6).at(-1) as number))
    expect(report.runs).toEqual(compare.runs)
    expect(cli.runs).toEqual(compare.runs)
  })

  it('pairs the same seeds into the same ratios, leaving the run with another learning rate out', () => {
    expect(compare.comparison.title).toBe('prime · policy.lr=0.0001 vs rloo · policy.lr=0.0001')
    expect(compare.comparison.pairs.map(([seed]) => seed)).toEqual(['1', '2', '3'])
    expect(compare.comparison.iterations).toMatch(/^\d\.\d\d× \(median of 3 seed pairs, range \d\.\d\d–\d\.\d\d×\)$/)
    // PRIME's iterations are slower, so its wall-time advantage is smaller than its iteration advantage.
    expect(parseFloat(compare.comparison.wallTime)).toBeLessThan(parseFloat(compare.comparison.iterations))
    expect(report.comparison).toEqual(compare.comparison)
    expect(cli.comparison).toEqual(compare.comparison)
  })

  it('lists the same settings that differ', () => {
    expect(compare.settings.map(([path]) => path)).toEqual(['algorithm', 'seed', 'policy.lr'])
    expect(report.settings).toEqual(compare.settings)
    expect(cli.settings).toEqual(compare.settings)
  })

  it('shows the same paired study: gates, accuracies per arm, figures per seed pair, intervals, sign tests and verdicts', () => {
    expect(compare.study.description).toMatch(/^Runs paired by config\.seed.*smoothed \(EMA, weight 0\.60\).*95% paired t-interval/)
    // Gate A on every run at iteration 1: top-1 0.4 + seed/50 (mean 0.44) against chance 0.3, lift 0.2 — passes.
    // Gate B on the PRIME runs: the last validation by iteration 20 logged 0.6 + 20/100 = 0.8 — passes.
    expect(compare.study.gates).toEqual([expect.stringMatching(/^Gate A — errors are not already surprising: passed — .* 0\.44 of responses against 0\.3 by chance: 0\.2 of the way/), expect.stringMatching(/^Gate B — the PRM learned to rank held-out responses: passed — .* 0\.8 of cases/)])
    // The run with another learning rate joins no study pairing, so it is no arm here.
    expect(compare.study.arms.map(([label]) => label)).toEqual(['prime · policy.lr=0.0001', 'rloo · policy.lr=0.0001'])
    expect(compare.study.arms[0]?.[3]).toBe('0.6 ± 0.0289 (3 runs; each ± 0.021)')
    expect(compare.study.comparisons.map((c) => [c.title, c.pairs.map(([seed]) => seed)])).toEqual([['prime · policy.lr=0.0001 vs rloo · policy.lr=0.0001', ['1', '2', '3']]])
    expect(compare.study.comparisons[0]?.reach).toMatch(/^\d\.\d\d× geometric mean \(95% CI \[\d\.\d\d×, \d\.\d\d×\]\); arm sooner in \d, later in \d of 3 pairs/)
    expect(compare.study.verdict).toMatch(/^Gate A passed \(0\.2 against 0\.5\); Gate B passed \(0\.8 against 0\.7\)\. prime · policy\.lr=0\.0001 reached/)
    expect(report.study).toEqual(compare.study)
    expect(cli.study).toEqual(compare.study)
  })

  it('draws the same seed means and bands in the report as in the Compare view', () => {
    const settings = defaultCompareSettings()
    const sources = runs.map((r) => ({ id: r.id, name: r.name, config: r.config, columns: MetricColumns.fromRows(iterationRows(host.runs.metrics(r.id, 0))) }))
    const reportLines = seedMeanLines(sources, TRAINING_REWARD, smoothingOf(settings))
    const groups = seedGroups(sources).map((g) => ({ key: g.key, label: g.label, color: 'black', runs: g.runs.map((r) => ({ id: r.id, name: r.name })) }))
    // As ComparePanel asks the worker, wide enough that nothing is reduced away.
    const panel = service.panel({ panelId: 'reward', groups, metrics: [TRAINING_REWARD], options: settings, width: 800, window: null, logY: false })
    if (!panel) throw new Error('a first request for a panel always gets its lines')
    expect(reportLines.map((l) => l.key)).toEqual(panel.lines.map((l) => l.id.split('|')[0]))
    reportLines.forEach((line, i) => {
      expect(line.xs).toEqual(Array.from(panel.lines[i]!.xs))
      expect(line.ys).toEqual(Array.from(panel.lines[i]!.ys))
      const band = panel.bands.find((b) => b.id === `${line.key}|${TRAINING_REWARD}|band`)
      expect(line.band).toEqual(band ? { lo: Array.from(band.lo), hi: Array.from(band.hi) } : null)
    })
    // Three groups: two of three seeds (mean and band over iterations 1–40), one single run.
    expect(reportLines.map((l) => [l.xs.length, l.band !== null])).toEqual([[ITERATIONS, true], [ITERATIONS, true], [ITERATIONS, false]])
  })

  it('colours the step heatmap on the same range', async () => {
    const primeRun = runs[0] as RunSummary
    const raw = await call<unknown[]>(host, 'runs.rollouts', { id: primeRun.id, step: 3 })
    const app = buildHeatmap(parseRolloutRecords(raw, { runId: primeRun.id, iteration: 3 }))
    expect(app.extent).toBe(0.83)
    const html = buildReport(collectReportRuns(host.runs, [primeRun.id]).runs, { environment: reportEnvironment({ name: 'a', version: '1' }, { error: 'not asked' }) })
    expect(html).toContain(`${formatCredit(-app.extent)} … ${formatCredit(app.extent)}: step reward`)
  })
})

describe('the report, the CLI and the Compare view group runs by chosen settings alike', { timeout: 120_000 }, () => {
  it('groups by algorithm: every PRIME run together, whatever its learning rate, in all three', async () => {
    const service = await compareView()
    const { report, cli, compare } = await allFigures(service, parseGrouping('algorithm'), ['--group-by', 'algorithm'])
    expect(compare.grouping).toBe('runs grouped by algorithm')
    expect(Object.fromEntries(Object.entries(compare.runs).map(([name, r]) => [name, r.group]))).toEqual({
      'prime s1': 'prime',
      'prime s2': 'prime',
      'prime s3': 'prime',
      'prime lr s1': 'prime',
      'rloo s1': 'rloo',
      'rloo s2': 'rloo',
      'rloo s3': 'rloo',
    })
    // Two PRIME runs of seed 1 now share a group: the first one pairs, as the analysis's seed pairing takes it.
    expect(compare.comparison.title).toBe('prime vs rloo')
    expect(compare.study.arms.map(([label, count]) => [label, count])).toEqual([['prime', '4'], ['rloo', '3']])
    expect(report).toEqual(compare)
    expect(cli).toEqual(compare)
  })

  it('leaves logging-only settings out by default, and counts them when asked', () => {
    const first = runs[0] as RunSummary
    const relogged = { ...first.config, logging: { ...(first.config as typeof LAPTOP_PRESET).logging, validateEvery: 7 } }
    const names = (grouping: Grouping) => seedGroups([first, { ...first, id: 'x', config: relogged }], grouping).map((g) => g.runs.length)
    expect(names(DEFAULT_GROUPING)).toEqual([2])
    expect(names(parseGrouping('exact'))).toEqual([1, 1])
  })
})
