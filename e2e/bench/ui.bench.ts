// npm run bench:ui — how fast the Compare view opens and responds, measured in Chromium with the page's own
// Performance API (issue 14, target 4). It builds the app, generates a workspace (page-probe.ts, ui-workspace.ts:
// 8 runs × 20,000 iterations as the trainer writes them; a second variant with 300 runs in all), starts the
// browser-mode host on it, and for each of several opens, in a fresh browser context (an empty IndexedDB: the first
// open of a comparison), measures:
//   picker    navigation → the Compare view's run picker lists every run
//   open      "Pick all shown" → every panel on screen has drawn every group's curve to the last iteration with all
//             seeds in its mean (the charts' `chart:drawn` marks), with the long tasks on the way. The first open
//             of each build meets a host that has just started (it reads the runs' files for the first time);
//             the later ones a host that has read them, and a page that has not
//   reopen    the same after a reload (the metrics now come from the page's IndexedDB cache)
// (A first open fetches the standard panels' columns first; every other column and the page cache's write follow
// once the page is quiet, a run at a time — so the interactions below share the machine with that catch-up.)
//   smoothing EMA → none → EMA, then the weight slider moved by keyboard: frames over 50 ms, the longest frame
//   hover     the crosshair swept across a chart (the cursor is shared by every panel)
//   pan       wheel-zoom into a chart, then drag it sideways (where the charts have a zoom)
//   re-pick   "Clear", then "Pick all shown" again → the full paint (the runs were picked a moment ago)
//   return    to the Runs view and back to Compare (route changes) → the full paint
// and, in a workspace with more runs than the comparison (300 by default: issue 15), the Runs view's table:
//   table     from the Compare view to the Runs view (a route change in the loaded app) → the table counts every run
//   filter    a query typed into its filter box → the count of the runs it keeps, with the frames on the way
//   sort      a column header clicked (then clicked again) → the first row changes, with the frames on the way
// and prints medians over the opens. Frames: Long Animation Frame entries (frames that took over 50 ms from their
// first task to their paint), the gaps between requestAnimationFrame callbacks, and the longest task (a task with no
// rendering pending is no long frame, yet it freezes the page: a 45-MB reply read during a sort was). The machine
// and its load come first and last: the development machines are shared, so compare figures from the same run only —
// `--baseline DIR` (another build's out/ folder, with its package.json beside it) measures that build too, its opens
// interleaved with this build's, and prints both with their ratio. The header is every bench's
// (src-main/engine/bench/machine.ts).
import { spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type { Browser, Page } from 'playwright-core'
import { METRIC_PANELS, panelCurves } from '../../src-preload/contract/metrics'
import { launchBrowser, startHost } from '../support/browser-mode'
import { loadAverage, median, printLoadAtEnd, printMachine } from '../../src-main/engine/bench/machine'
import { installProbe, pageNow, readProbe, startFrames, stopFrames, type DrawnMark, type ProbeRecord, type Span } from './page-probe'
import { generateUiWorkspace, type UiWorkspace } from './ui-workspace'

const { values } = parseArgs({
  options: {
    opens: { type: 'string', default: '5' },
    rows: { type: 'string', default: '20000' },
    runs: { type: 'string', default: '8' },
    /** Total runs in the workspace, one variant per value. */
    workspaces: { type: 'string', default: '8,300' },
    'skip-build': { type: 'boolean', default: false },
    baseline: { type: 'string' },
  },
})
const OPENS = Number(values.opens)
const ROWS = Number(values.rows)
const LONG_RUNS = Number(values.runs)
const VARIANTS = values.workspaces.split(',').map(Number)
const VIEWPORT = { width: 1920, height: 1080 }
const TIMEOUT_MS = 180_000
const QUIET_MS = 500
/** The runs split into PRIME and RLOO seed groups, so every panel draws two mean lines per metric. */
const GROUPS = 2
const SEEDS_PER_GROUP = LONG_RUNS / GROUPS

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

interface Interaction {
  /** Long animation frames (over 50 ms). */
  longFrames: number
  maxFrameMs: number
  /** The longest gap between two animation frames. */
  maxGapMs: number
  longestTaskMs: number
}

interface OpenResult {
  pickerMs: number
  /** The host had just started: its first read of the runs' files is part of this open. */
  coldHost: boolean
  openMs: number
  openLongTasks: { count: number; totalMs: number; longestMs: number }
  reopenMs: number
  repickMs: number
  returnMs: number
  smoothing: Interaction
  hover: Interaction
  pan: Interaction | null
  /** The Runs view's table, in a workspace with more runs than the comparison. */
  table: TableResult | null
}

interface TableResult {
  openMs: number
  filterMs: number
  filter: Interaction
  sortMs: number
  sort: Interaction
}

/** The standard panels on screen now, by title, and the lines each draws when complete. */
async function panelsOnScreen(page: Page): Promise<{ title: string; lines: number }[]> {
  const titles = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('[data-testid^="panel-"]')]
      .filter((e) => {
        const box = e.getBoundingClientRect()
        return box.bottom > 0 && box.top < window.innerHeight
      })
      .map((e) => e.dataset.testid?.slice('panel-'.length) ?? ''),
  )
  return titles.flatMap((title) => {
    const panel = METRIC_PANELS.find((p) => p.title === title)
    return panel ? [{ title, lines: panelCurves(panel).length * GROUPS }] : []
  })
}

const complete = (mark: DrawnMark, title: string, lines: number) =>
  mark.label.startsWith(`${title}:`) && mark.lines === lines && mark.lastX === ROWS && mark.lastN === SEEDS_PER_GROUP

/** When every panel on screen first drew its complete picture after `since`; null while one has not. */
function fullPaint(marks: readonly DrawnMark[], since: number, panels: readonly { title: string; lines: number }[]): number | null {
  let latest = since
  for (const { title, lines } of panels) {
    const first = marks.find((m) => m.t >= since && complete(m, title, lines))
    if (!first) return null
    latest = Math.max(latest, first.t)
  }
  return panels.length ? latest : null
}

async function marksSince(page: Page, since: number): Promise<DrawnMark[]> {
  return page.evaluate((t) => window.__bench.marks.filter((m) => m.t >= t), since)
}

/** Waits until the panels on screen are complete again after `since` and no chart has drawn for QUIET_MS. */
async function settle(page: Page, since: number): Promise<number> {
  const deadline = Date.now() + TIMEOUT_MS
  for (;;) {
    const [marks, panels, now] = [await marksSince(page, since), await panelsOnScreen(page), await pageNow(page)]
    const painted = fullPaint(marks, since, panels)
    const lastDraw = marks.at(-1)?.t ?? since
    if (painted !== null && now - lastDraw >= QUIET_MS) return painted
    if (Date.now() > deadline) {
      const last = panels.map(({ title, lines }) => `${title} (${lines} lines): ${JSON.stringify(marks.filter((m) => m.label.startsWith(`${title}:`)).at(-1) ?? 'never drawn')}`)
      throw new Error(`the panels did not settle within ${TIMEOUT_MS / 1000} s; last drawn:\n${last.join('\n')}`)
    }
    await sleep(100)
  }
}

function spans(list: readonly Span[], from: number, to: number): Span[] {
  return list.filter((s) => s.t >= from && s.t <= to)
}

function interaction(probe: ProbeRecord, frames: readonly number[], from: number, to: number): Interaction {
  const long = spans(probe.longFrames, from, to)
  let maxGap = 0
  for (let i = 1; i < frames.length; i++) maxGap = Math.max(maxGap, (frames[i] as number) - (frames[i - 1] as number))
  return {
    longFrames: long.length,
    maxFrameMs: Math.max(0, ...long.map((s) => s.duration)),
    maxGapMs: maxGap,
    longestTaskMs: Math.max(0, ...spans(probe.longTasks, from, to).map((s) => s.duration)),
  }
}

/** Shows the long runs in the picker (a filter when the workspace holds others) and waits for the list. */
async function showLongRuns(page: Page, workspace: UiWorkspace): Promise<void> {
  await page.locator('[data-testid="compare-run-picker"] li').nth(workspace.totalRuns - 1).waitFor({ timeout: TIMEOUT_MS })
  if (workspace.totalRuns > LONG_RUNS) await page.locator('input[name="run-filter"]').fill(workspace.longRunPrefix)
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="compare-run-picker"] li').length === n, LONG_RUNS)
}

/** Clicks "Pick all shown" and waits for the full paint; returns the milliseconds between them. */
async function openComparison(page: Page): Promise<{ ms: number; at: number; painted: number }> {
  const at = await page.evaluate(() => {
    const button = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Pick all shown')
    if (!button) throw new Error('no "Pick all shown" button')
    const now = performance.now()
    button.click()
    return now
  })
  const painted = await settle(page, at)
  return { ms: painted - at, at, painted }
}

async function measureSmoothing(page: Page): Promise<Interaction> {
  const from = await startFrames(page)
  await page.selectOption('select[name="smoothing"]', 'none')
  await settle(page, await pageNow(page))
  const back = await pageNow(page)
  await page.selectOption('select[name="smoothing"]', 'ema')
  await settle(page, back)
  await page.locator('input[name="smoothing-weight"]').focus()
  let lastKey = 0
  for (let i = 0; i < 10; i++) {
    lastKey = await pageNow(page)
    await page.keyboard.press('ArrowLeft')
    await sleep(60)
  }
  await settle(page, lastKey)
  const frames = await stopFrames(page)
  return interaction(await readProbe(page), frames, from, await pageNow(page))
}

async function chartBox(page: Page): Promise<{ x: number; y: number; width: number; height: number }> {
  const box = await page.locator('[data-testid="panel-Reward"] .line-band-chart').boundingBox()
  if (!box) throw new Error('the Reward panel has no chart on screen')
  return box
}

async function measureHover(page: Page): Promise<Interaction> {
  const box = await chartBox(page)
  const from = await startFrames(page)
  const y = box.y + box.height / 2
  for (let i = 0; i <= 40; i++) {
    await page.mouse.move(box.x + 60 + ((box.width - 80) * i) / 40, y)
    await sleep(25)
  }
  await page.mouse.move(box.x + box.width + 40, y)
  await sleep(QUIET_MS)
  const frames = await stopFrames(page)
  return interaction(await readProbe(page), frames, from, await pageNow(page))
}

async function measurePan(page: Page): Promise<Interaction | null> {
  if (!(await page.locator('[data-testid="panel-Reward"] [data-zoom]').count())) return null
  const box = await chartBox(page)
  const from = await startFrames(page)
  const y = box.y + box.height / 2
  await page.mouse.move(box.x + box.width / 2, y)
  for (let i = 0; i < 4; i++) {
    await page.mouse.wheel(0, -240)
    await sleep(120)
  }
  await sleep(QUIET_MS)
  await page.mouse.down()
  for (let i = 1; i <= 30; i++) {
    await page.mouse.move(box.x + box.width / 2 - i * 8, y)
    await sleep(30)
  }
  await page.mouse.up()
  await sleep(QUIET_MS * 2)
  const frames = await stopFrames(page)
  return interaction(await readProbe(page), frames, from, await pageNow(page))
}

/** "Clear", then "Pick all shown" again: the milliseconds from the second click to the full paint. */
async function repick(page: Page): Promise<number> {
  await page.getByRole('button', { name: 'Clear', exact: true }).click()
  await page.waitForFunction(() => !document.querySelector('[data-testid="compare-panels"]'))
  return (await openComparison(page)).ms
}

/** To the Runs view and back (route changes in the loaded app): the milliseconds from the return to the full paint. */
async function returnToCompare(page: Page): Promise<number> {
  await page.evaluate(() => (window.location.hash = '#/runs'))
  await page.getByTestId('run-count').waitFor({ timeout: TIMEOUT_MS })
  const back = await pageNow(page)
  await page.evaluate(() => (window.location.hash = '#/compare'))
  return (await settle(page, back)) - back
}

const tableCount = (page: Page) => page.evaluate(() => document.querySelector('[data-testid="run-count"]')?.textContent?.trim() ?? '')
const firstRow = (page: Page) => page.evaluate(() => document.querySelector('[data-testid="run-row"] [data-testid="run-name"]')?.textContent?.trim() ?? '')

/** The Runs view with every run of the workspace: opened, filtered by a query, sorted by a column both ways. */
async function measureRunsTable(page: Page, url: string, workspace: UiWorkspace): Promise<TableResult> {
  // From the Compare view, as a researcher moves between views (the app is loaded; the hash route changes).
  const navigated = await pageNow(page)
  await page.goto(`${url}#/runs`)
  await page.waitForFunction((n) => document.querySelector('[data-testid="run-count"]')?.textContent?.trim() === `${n} runs`, workspace.totalRuns, { timeout: TIMEOUT_MS })
  const openMs = (await pageNow(page)) - navigated

  let from = await startFrames(page)
  await page.getByTestId('run-filter').fill('algorithm = prime')
  await page.waitForFunction((n) => document.querySelector('[data-testid="run-count"]')?.textContent?.includes(`of ${n} runs`), workspace.totalRuns, { timeout: TIMEOUT_MS })
  const filterMs = (await pageNow(page)) - from
  await sleep(QUIET_MS)
  const filter = interaction(await readProbe(page), await stopFrames(page), from, await pageNow(page))

  from = await startFrames(page)
  let sortMs = 0
  for (let i = 0; i < 2; i++) {
    const before = await firstRow(page)
    const clicked = await pageNow(page)
    await page.getByTestId('sort-seed').click()
    await page.waitForFunction((name) => document.querySelector('[data-testid="run-row"] [data-testid="run-name"]')?.textContent?.trim() !== name, before, { timeout: TIMEOUT_MS })
    sortMs = Math.max(sortMs, (await pageNow(page)) - clicked)
  }
  await sleep(QUIET_MS)
  const sort = interaction(await readProbe(page), await stopFrames(page), from, await pageNow(page))
  if (!(await tableCount(page)).includes('of')) throw new Error('the filter was lost while sorting')
  return { openMs, filterMs, filter, sortMs, sort }
}

async function oneOpen(browser: Browser, url: string, workspace: UiWorkspace, coldHost: boolean): Promise<OpenResult> {
  const context = await browser.newContext({ viewport: VIEWPORT })
  try {
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    await installProbe(page)
    await page.goto(`${url}#/compare`)
    await page.locator('[data-testid="compare-run-picker"] li').nth(workspace.totalRuns - 1).waitFor({ timeout: TIMEOUT_MS })
    const pickerMs = await pageNow(page)
    await showLongRuns(page, workspace)
    const open = await openComparison(page)
    const probe = await readProbe(page)
    const tasks = spans(probe.longTasks, open.at, open.painted)
    const openLongTasks = { count: tasks.length, totalMs: tasks.reduce((s, t) => s + t.duration, 0), longestMs: Math.max(0, ...tasks.map((t) => t.duration)) }
    const smoothing = await measureSmoothing(page)
    const hover = await measureHover(page)
    const pan = await measurePan(page)
    const repickMs = await repick(page)
    const returnMs = await returnToCompare(page)
    await page.reload()
    await showLongRuns(page, workspace)
    const reopen = await openComparison(page)
    const table = workspace.totalRuns > LONG_RUNS ? await measureRunsTable(page, url, workspace) : null
    if (errors.length) throw new Error(`uncaught errors in the page:\n${errors.join('\n')}`)
    return { pickerMs, coldHost, openMs: open.ms, openLongTasks, reopenMs: reopen.ms, repickMs, returnMs, smoothing, hover, pan, table }
  } finally {
    await context.close()
  }
}

const ms = (value: number) => `${Math.round(value)} ms`
const s = (value: number) => `${(value / 1000).toFixed(2)} s`
const count = (value: number) => (Number.isFinite(value) ? String(Math.round(value)) : '—')

interface Build {
  name: string
  serveScript: string
  results: OpenResult[]
}

type Measure = [label: string, pick: (r: OpenResult) => number | null, format: (v: number) => string, opens: 'cold' | 'warm' | 'all']

const MEASURES: Measure[] = [
  ['picker lists every run', (r) => r.pickerMs, s, 'all'],
  ['open, host just started (1st open)', (r) => r.openMs, s, 'cold'],
  ['open, fresh page → full paint', (r) => r.openMs, s, 'warm'],
  ['  long tasks during it', (r) => r.openLongTasks.count, count, 'warm'],
  ['  main thread blocked by them', (r) => r.openLongTasks.totalMs, s, 'warm'],
  ['  longest task', (r) => r.openLongTasks.longestMs, ms, 'warm'],
  ['re-pick (Clear, Pick all shown) → full paint', (r) => r.repickMs, s, 'all'],
  ['Runs view → back to Compare → full paint', (r) => r.returnMs, s, 'all'],
  ['reopen (page cache) → full paint', (r) => r.reopenMs, s, 'all'],
  ...(
    [
      ['smoothing', (r: OpenResult) => r.smoothing],
      ['hover', (r: OpenResult) => r.hover],
      ['pan', (r: OpenResult) => r.pan],
    ] as const
  ).flatMap(([name, get]): Measure[] => [
    [`${name}: frames over 50 ms`, (r) => get(r)?.longFrames ?? null, count, 'all'],
    [`${name}: longest frame`, (r) => get(r)?.maxFrameMs ?? null, ms, 'all'],
    [`${name}: longest rAF gap`, (r) => get(r)?.maxGapMs ?? null, ms, 'all'],
    [`${name}: longest task`, (r) => get(r)?.longestTaskMs ?? null, ms, 'all'],
  ]),
  ['runs table: navigation → every run counted', (r) => r.table?.openMs ?? null, s, 'all'],
  ['runs table: filter typed → runs kept', (r) => r.table?.filterMs ?? null, ms, 'all'],
  ['runs table: filter, longest frame', (r) => r.table?.filter.maxFrameMs ?? null, ms, 'all'],
  ['runs table: filter, longest rAF gap', (r) => r.table?.filter.maxGapMs ?? null, ms, 'all'],
  ['runs table: filter, longest task', (r) => r.table?.filter.longestTaskMs ?? null, ms, 'all'],
  ['runs table: sort clicked → first row changed', (r) => r.table?.sortMs ?? null, ms, 'all'],
  ['runs table: sort, frames over 50 ms', (r) => r.table?.sort.longFrames ?? null, count, 'all'],
  ['runs table: sort, longest frame', (r) => r.table?.sort.maxFrameMs ?? null, ms, 'all'],
  ['runs table: sort, longest rAF gap', (r) => r.table?.sort.maxGapMs ?? null, ms, 'all'],
  ['runs table: sort, longest task', (r) => r.table?.sort.longestTaskMs ?? null, ms, 'all'],
]

/** Medians per build (with every open's value), and baseline ÷ this build where both measured it. */
function report(builds: readonly Build[]): void {
  const header = ['', ...builds.map((b) => `${b.name} (median; each open)`), builds.length > 1 ? `${builds[0]?.name} ÷ ${builds[1]?.name}` : '']
  const rows = MEASURES.map(([label, pick, format, opens]) => {
    const medians = builds.map((build) => {
      const chosen = build.results.filter((r) => opens === 'all' || r.coldHost === (opens === 'cold'))
      const values = chosen.map(pick).filter((v): v is number => v !== null)
      return values.length ? { median: median(values), all: values.map(format).join(' ') } : null
    })
    const cells = medians.map((m) => (m ? `${format(m.median)}  (${m.all})` : 'not measured'))
    const [a, b] = medians
    const ratio = builds.length > 1 && a && b && b.median > 0 ? `${(a.median / b.median).toFixed(2)}×` : ''
    return [label, ...cells, ratio]
  })
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((row) => (row[i] ?? '').length)))
  for (const row of [header, ...rows]) console.log(`  ${row.map((cell, i) => (cell ?? '').padEnd(widths[i] ?? 0)).join('  ').trimEnd()}`)
}

await printMachine('bench:ui')
console.log(`Chromium (playwright-core, headless) at ${VIEWPORT.width}×${VIEWPORT.height}; ${LONG_RUNS} runs × ${ROWS} iterations opened ${OPENS} times per workspace and build`)
if (!values['skip-build']) {
  const build = spawnSync('npx', ['electron-vite', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] })
  if (build.status !== 0) throw new Error(`electron-vite build failed (exit ${build.status})`)
}
const browser = await launchBrowser()
try {
  for (const totalRuns of VARIANTS) {
    const dir = mkdtempSync(join(tmpdir(), 'prime-bench-ui-'))
    const builds: Build[] = [
      ...(values.baseline ? [{ name: 'baseline', serveScript: join(values.baseline, 'main/serve.js'), results: [] }] : []),
      { name: 'this build', serveScript: 'out/main/serve.js', results: [] },
    ]
    const hosts: ChildProcess[] = []
    try {
      const started = performance.now()
      const workspace = await generateUiWorkspace(dir, { longRuns: LONG_RUNS, rowsPerRun: ROWS, shortRuns: Math.max(0, totalRuns - LONG_RUNS), rowsPerShortRun: 40 })
      console.log(`\nworkspace: ${workspace.totalRuns} runs (${LONG_RUNS} × ${ROWS} iterations), generated in ${s(performance.now() - started)}; load average ${loadAverage()}`)
      const urls: string[] = []
      for (const build of builds) {
        const { url, child } = await startHost(dir, build.serveScript)
        hosts.push(child)
        urls.push(url)
      }
      // Opens alternate between the builds, so a change in the machine's load falls on both, and which goes first
      // alternates too: the second open of a pair measured slower whatever its build (the same build on both sides,
      // 4 opens each: runs-table filter 148 vs 117 ms, median).
      for (let i = 0; i < OPENS; i++) {
        const order = i % 2 === 0 ? [...builds.keys()] : [...builds.keys()].reverse()
        for (const b of order) builds[b]!.results.push(await oneOpen(browser, urls[b] as string, workspace, i === 0))
      }
      report(builds)
      console.log(`  load average now: ${loadAverage()}`)
    } finally {
      for (const child of hosts) child.kill('SIGTERM')
      rmSync(dir, { recursive: true, force: true })
    }
  }
} finally {
  await browser.close()
}
console.log('')
printLoadAtEnd()
