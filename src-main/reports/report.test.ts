// The report from real run folders: a PRIME and an RLOO run of one comparison trained by real trainer processes on a
// tiny configuration (as src-main/trainer/jobs/rl.test.ts does), then exported through the host API as HTML and
// PDF, and built by the CLI's `report` command from the run folders — the same report from the same code.
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LAPTOP_PRESET, type RlConfig } from '../../src-preload/contract/rl-config'
import type { RunSummary } from '../../src-preload/contract/schemas'
import { defaultMemoryBudget } from '../engine/runtime/memory-budget'
import { createHost, type Host } from '../host/host'
import { forkSourceTrainer } from '../host/source-trainer'
import { call, settled } from '../host/test-hosts'
import { chromiumPdfRenderer, findChromium } from './pdf'

const workspace = mkdtempSync(join(tmpdir(), 'prime-report-'))
const hosts: Host[] = []
let runs: RunSummary[] = []
/** The host that trained the runs; exports reuse it, so the trainer is asked for the runtime only once. */
let trainingHost: Host

const tinyConfig: RlConfig = {
  ...LAPTOP_PRESET,
  iterations: 3,
  task: { kind: 'builtin', name: 'arith-chain', level: 1, validationSize: 8, testSize: 8, misconception: 0 },
  sft: { seed: 3, steps: 30, batchSize: 16, lr: 3e-3 },
  rollout: { ...LAPTOP_PRESET.rollout, promptsPerIteration: 4, samplesPerPrompt: 4, maxResponseTokens: 32 },
  policy: { ...LAPTOP_PRESET.policy, miniBatches: 2 },
  logging: { validateEvery: 2, checkpointEvery: 3, rolloutSamples: 8, heldOutPrmPrompts: 4 },
}

function openHost(options: Partial<Parameters<typeof createHost>[0]> = {}): Host {
  const host = createHost({
    workspaceDir: workspace,
    spawnTrainer: forkSourceTrainer,
    appInfo: { name: 'prime-workbench', version: '0.0.0-report', mode: 'browser', versions: { node: process.versions.node, electron: null, chrome: null } },
    ...options,
  })
  hosts.push(host)
  return host
}

/** Generated-at stamps and ECharts' per-chart element ids differ between two builds of the same report. */
function normalised(html: string): string {
  return html.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, 'DATE').replace(/zr\d+-(cls-|c)\d+/g, 'zr-id')
}

beforeAll(async () => {
  trainingHost = openHost()
  // Two runs at once: each trainer's ONNX Runtime gets half the trainers' memory budget (its log line says so).
  await call(trainingHost, 'settings.update', { intraOpThreads: 1, maxConcurrentRuns: 2 })
  const created = await call<RunSummary[]>(trainingHost, 'runs.createComparison', { name: 'cmp <b>&', base: tinyConfig, algorithms: ['prime', 'rloo'], seeds: [1], launch: true })
  runs = await Promise.all(created.map((run) => settled(trainingHost, run.id)))
}, 180_000)

afterAll(() => {
  for (const host of hosts) host.dispose()
  rmSync(workspace, { recursive: true, force: true })
})

describe('reports from real runs', { timeout: 120_000 }, () => {
  it('exports the HTML report through the host API, with charts, tables, heatmaps and environment', async () => {
    expect(runs.map((r) => r.state)).toEqual(['completed', 'completed'])
    const report = await call<{ path: string; mediaType: string; content: string; encoding: string }>(trainingHost, 'reports.export', {
      runIds: runs.map((r) => r.id),
      format: 'html',
      options: { heatmapIterations: [2] },
    })
    expect(report).toMatchObject({ mediaType: 'text/html', encoding: 'utf8' })
    expect(report.path.startsWith(join(workspace, 'exports'))).toBe(true)
    expect(readFileSync(report.path, 'utf8')).toBe(report.content)
    const html = report.content
    // Reward, validation accuracy, PRM, step validity, response length, clip fraction, KL, entropy, throughput
    expect((html.match(/<figure class="chart"><svg/g) ?? []).length).toBeGreaterThanOrEqual(6)
    expect(html).toContain('cmp &lt;b&gt;&amp; · prime · seed 1')
    expect(html).not.toContain('cmp <b>')
    expect(html).toMatch(/<table class="diff">[\s\S]*<code>algorithm<\/code>/)
    expect(html).toMatch(/<table class="efficiency">/)
    expect(html).toMatch(/<h3>prime vs rloo<\/h3>\n<table class="ratios">/)
    expect((html.match(/<figure class="heatmap"><figcaption>[^<]* — iteration 2<\/figcaption><svg/g) ?? []).length).toBe(2)
    expect(html).toMatch(/<td>ONNX Runtime<\/td><td>\d+\.\d+\.\d+<\/td>/)
    expect(html).toContain(`ONNX Runtime on cpu (CPU requested), 1 threads, idle sessions released above ${(defaultMemoryBudget() / 2 / 2 ** 30).toFixed(1)} GiB`)
    expect(html).not.toMatch(/<script/i)
  })

  it('builds the same report with the CLI from the run folders', async () => {
    const out = join(workspace, 'cli-report.html')
    const cli = resolve(import.meta.dirname, '../cli/main.ts')
    const args = ['--import', 'tsx', cli, 'report', join(workspace, 'runs', runs[0]!.id), runs[1]!.id, '--workspace', workspace, '--heatmaps', '2', '--out', out]
    const { stdout } = await promisify(execFile)(process.execPath, args, { timeout: 90_000 })
    expect(stdout).toContain(`report on 2 runs written to ${out}`)
    const exported = await call<{ content: string }>(trainingHost, 'reports.export', { runIds: runs.map((r) => r.id), format: 'html', options: { heatmapIterations: [2] } })
    // The host was opened as 'browser' and the CLI reports the package version: only the app line may differ.
    const withoutApp = (html: string) => normalised(html).replace(/prime-workbench [^ <]+/g, 'APP')
    expect(withoutApp(readFileSync(out, 'utf8'))).toBe(withoutApp(exported.content))
  })

  it('exports a PDF when Chromium is installed', async (context) => {
    if (!findChromium()) {
      context.skip(`no Chromium found (set CHROMIUM_PATH or install /usr/bin/chromium): PDF export not tested`)
      return
    }
    const report = await call<{ path: string; mediaType: string; content: string; encoding: string }>(trainingHost, 'reports.export', { runIds: [runs[0]!.id], format: 'pdf' })
    expect(report).toMatchObject({ mediaType: 'application/pdf', encoding: 'base64' })
    expect(report.path.endsWith('.pdf')).toBe(true)
    const bytes = Buffer.from(report.content, 'base64')
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    expect(bytes.equals(readFileSync(report.path))).toBe(true)
  })

  it('fails a PDF export with a message naming what is missing, leaving no file', async () => {
    const withoutChromium = openHost({ renderPdf: chromiumPdfRenderer(null) })
    const exportsDir = join(workspace, 'exports')
    const before = readdirSync(exportsDir)
    const reply = await withoutChromium.dispatch('reports.export', { runIds: [runs[0]!.id], format: 'pdf' })
    expect(reply).toMatchObject({ ok: false, error: { message: expect.stringMatching(/PDF export needs Chromium or Chrome.*CHROMIUM_PATH/) } })
    expect(readdirSync(exportsDir)).toEqual(before)
  })
})
