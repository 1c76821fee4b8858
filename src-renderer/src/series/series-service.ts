// Everything the Compare view does with long metric series, in one place that runs in a worker (series.worker.ts),
// off the page's main thread: unpacking what the host sends, keeping the metric cache (db/metric-cache.ts) and the
// runs' columns, and drawing panels — each group's curve or seed mean with its band (compare/panelSeries.ts, over
// src-preload/analysis) reduced to the chart's pixel width over the tile of the zoom window on screen
// (zoom-tiles.ts) — and the readouts (sample efficiency, the paired study). The page gets back a few thousand points
// per line, ready to draw, and the readouts' figures; of the columns themselves it hears only how far they reach.
import { axisRange, downsampleIndices, type StudyReadout } from '../../../src-preload/analysis'
import { unpackColumns, type ColumnChoice, type MetricColumnsPayload } from '../../../src-preload/contract/metric-columns-wire'
import { METRIC_PANELS, X_AXES, panelCurves } from '../../../src-preload/contract/metrics'
import type { MetricsRow } from '../../../src-preload/contract/schemas'
import { MetricColumns } from '../../../src-preload/analysis'
import type { ChartBand, ChartLine } from '../charts/chartTypes'
import { CurveCache } from '../compare/curveCache'
import { efficiencyReadout, type EfficiencyReadout, type ReadoutSettings } from '../compare/efficiencyReadout'
import { buildPanel, prepareRun, type PanelOptions } from '../compare/panelSeries'
import { compareStudyReadout, type StudySettings } from '../compare/studyReadout'
import type { WorkbenchDatabase } from '../db/database'
import { MetricCache, pause, type CacheUpdate, type RunRef } from '../db/metric-cache'
import { ReadoutMemo } from './readout-memo'
import { WARM_UP_PANEL_ID, warmUpRequests, warmUpRuns } from './warm-up'
import { tileFor, type Range, type Tile } from './zoom-tiles'

export type SeriesState = 'loading' | 'ready' | 'error'

export interface PanelGroup {
  key: string
  label: string
  color: string
  runs: { id: string; name: string }[]
}

/** A group of runs as the readouts take it: the runs' configs pair them by seed. */
export interface ReadoutGroup {
  key: string
  label: string
  runs: { id: string; name: string; config: object }[]
}

export interface PanelRequest {
  /** Stable per panel on screen: its curves and reduced tiles are kept between requests. */
  panelId: string
  groups: PanelGroup[]
  metrics: string[]
  options: PanelOptions
  /** The plot's width in pixels. */
  width: number
  /** The x range on screen; null: all of it. */
  window: Range | null
  logY: boolean
}

export interface PanelResult {
  lines: ChartLine[]
  bands: ChartBand[]
  /** Runs that log the panel's metrics but not the chosen x axis (e.g. no `train/samples_seen`). */
  runsWithoutX: string[]
  /** The x range of all the panel's runs (shared by every panel of the comparison, so their zooms line up). */
  extent: Range | null
  /** The tile the lines were reduced over (null without lines). */
  tile: Tile | null
  /** Points left out because a log axis cannot show values ≤ 0. */
  nonPositive: number
}

/** What the page hears from the service. */
export interface SeriesListener {
  /** The run's rows changed: it now holds `rows` rows logging `names`. */
  grew(runId: string, names: readonly string[], rows: number): void
  state(runId: string, state: SeriesState, error: string | null): void
  /** Resolves once the page has drawn what it was given (its charts have nothing queued) and the user is not acting. */
  idle(): Promise<void>
}

/** Tiles kept per panel: a few zoom levels and pans back and forth. */
const TILES_PER_PANEL = 12
/**
 * What a run not cached yet is fetched with first: the standard panels' metrics and the x axes' columns, a third of
 * an RL run's columns (and bytes), enough for the comparison's first picture; the rest follows once the page is quiet.
 */
const FIRST_COLUMNS = [...new Set([...METRIC_PANELS.flatMap(panelCurves), ...Object.values(X_AXES).flatMap((axis) => (axis.metric ? [axis.metric] : []))])]
/** The cache writes a rebuilt run once the page has asked for nothing and no run's rows arrived for this long… */
const QUIET_MS = 1000
/** …or after this long at the latest (a live comparison redraws several times a second, never quiet). */
const QUIET_AT_MOST_MS = 10_000
/** How long a chunk of a run's cache write waits at most for the page's user to stop acting. */
const CHUNK_IDLE_AT_MOST_MS = 1000
/** Runs unpicked lately that are kept, and kept up to date: a comparison of 8 runs left and come back to. */
const KEPT_CLOSED_RUNS = 8

interface PanelMemo {
  curves: CurveCache
  /** tile key → the lines and bands it was reduced from, and the result. */
  tiles: Map<string, { from: readonly unknown[]; result: PanelResult }>
  /** What the panel was last given, so an unchanged answer need not travel (or be drawn) again. */
  lastSent: PanelResult | null
  /** What the panel will ask for once its runs have arrived (prepare): each run's curves are made as it comes. */
  awaited: PanelRequest | null
}

export class SeriesService {
  private readonly held = new Map<string, MetricColumns>()
  /**
   * Held runs the page has closed, oldest first. Opened again (the comparison cleared and picked again, the Compare
   * view left and come back to) they show at once: opened afresh, a run waits for its cache's queued work — the
   * catch-up of every run of the comparison, written a run at a time once the page is quiet — 9–15 s for 8 runs
   * of 20,000 rows.
   */
  private readonly closed: string[] = []
  /** Held runs with their first picture's columns only, the rest on their way: still loading. */
  private readonly partial = new Set<string>()
  private readonly panels = new Map<string, PanelMemo>()
  private readonly efficiencyMemo = new ReadoutMemo<EfficiencyReadout>()
  private readonly studyMemo = new ReadoutMemo<StudyReadout>()
  private readonly cache: MetricCache
  /** When the page last asked for curves or readouts, or a run's rows arrived (performance.now()). */
  private lastBusy = 0

  constructor(
    db: WorkbenchDatabase,
    fetchPayload: (runId: string, sinceStep: number, which?: ColumnChoice) => Promise<MetricColumnsPayload>,
    private readonly listener: SeriesListener,
  ) {
    this.cache = new MetricCache(
      db,
      async (runId, sinceStep, which) => unpackColumns(await fetchPayload(runId, sinceStep, which)),
      (update) => this.apply(update),
      () => this.quiet(),
      FIRST_COLUMNS,
      // Between a rebuilt run's chunks: not while the user acts, yet a second at most (a live run's rows wait behind).
      async () => {
        await pause()
        await Promise.race([this.listener.idle(), new Promise((resolve) => setTimeout(resolve, CHUNK_IDLE_AT_MOST_MS))])
      },
    )
  }

  /**
   * Builds a made-up panel a few times, so a comparison's first build runs compiled code (warm-up.ts) — unless runs
   * are open already (a comparison reloaded with the page): their own build warms the code, and would wait for this.
   * Whether it ran.
   */
  warmUp(): boolean {
    if (this.held.size > this.closed.length) return false
    const runs = warmUpRuns()
    for (const [id, columns] of runs) this.held.set(id, columns)
    try {
      for (const request of warmUpRequests([...runs.keys()])) this.panel(request)
    } finally {
      for (const id of runs.keys()) this.held.delete(id)
      this.panels.delete(WARM_UP_PANEL_ID)
      this.lastBusy = 0
    }
    return true
  }

  /** Starts holding a run: its cached rows at once (before the host answers), or what it held when closed lately. */
  async open(runId: string): Promise<void> {
    const kept = this.held.get(runId)
    if (kept) {
      const closed = this.closed.indexOf(runId)
      if (closed < 0) return
      this.closed.splice(closed, 1)
      this.listener.grew(runId, kept.names(), kept.length)
      this.listener.state(runId, kept.length && !this.partial.has(runId) ? 'ready' : 'loading', null)
      return
    }
    this.held.set(runId, new MetricColumns())
    this.listener.state(runId, 'loading', null)
    await this.cache.open(runId)
  }

  /** Brings a held run up to date with its run directory. */
  async sync(run: RunRef): Promise<void> {
    try {
      await this.cache.sync(run)
      if (this.held.has(run.id)) this.listener.state(run.id, 'ready', null)
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      if (this.held.has(run.id)) this.listener.state(run.id, this.held.get(run.id)?.length ? 'ready' : 'error', message)
    }
  }

  close(runId: string): void {
    if (!this.held.has(runId) || this.closed.includes(runId)) return
    this.closed.push(runId)
    while (this.closed.length > KEPT_CLOSED_RUNS) {
      const evicted = this.closed.shift() as string
      this.held.delete(evicted)
      this.partial.delete(evicted)
    }
  }

  /** A row the trainer streamed for a held run. */
  streamed(runId: string, row: MetricsRow): void {
    if (this.held.has(runId)) this.cache.add(runId, row)
  }

  /** A held run stopped: write what it streamed, then catch up from disk, so the cache ends where its file does. */
  async finished(run: RunRef): Promise<void> {
    await this.cache.flush(run.id)
    await this.sync(run)
  }

  async flush(): Promise<void> {
    await this.cache.flush()
  }

  dropPanel(panelId: string): void {
    this.panels.delete(panelId)
  }

  /**
   * A panel whose runs are still arriving: its runs' curves are made now for the runs held, and for each other run
   * as it arrives, so that the panel's request, once they all have, has only the seed means left to compute.
   */
  prepare(request: PanelRequest): void {
    const memo = this.memo(request.panelId)
    memo.awaited = request
    for (const run of request.groups.flatMap((g) => g.runs)) this.prepareCurves(memo, request, run.id)
  }

  /** The panel's lines and bands; null when they are what this panel was given last time. */
  panel(request: PanelRequest): PanelResult | null {
    this.lastBusy = performance.now()
    const memo = this.memo(request.panelId)
    memo.awaited = null
    const noColumns = new MetricColumns()
    const groups = request.groups.map((g) => ({ ...g, runs: g.runs.map((r) => ({ ...r, columns: this.held.get(r.id) ?? noColumns })) }))
    const built = buildPanel(groups, request.metrics, request.options, memo.curves)
    const extent = sharedExtent(groups.flatMap((g) => g.runs.map((r) => r.columns)), request.options.xAxis)
    if (!extent || built.lines.length === 0) {
      memo.lastSent = { lines: [], bands: [], runsWithoutX: built.runsWithoutX, extent, tile: null, nonPositive: 0 }
      return memo.lastSent
    }

    const tile = tileFor(extent, request.window, request.width)
    const key = `${tile.level}|${tile.range[0]}|${tile.range[1]}|${tile.buckets}|${request.logY}`
    // The same curves (CurveCache keeps them while their runs and settings are unchanged) reduce to the same tile.
    const from = [...built.lines.flatMap((l) => [l.xs, l.ys, l.color, l.name]), ...built.bands.flatMap((b) => [b.lo, b.hi])]
    const cached = memo.tiles.get(key)
    if (cached && cached.from.length === from.length && cached.from.every((v, i) => v === from[i])) {
      if (cached.result === memo.lastSent) return null
      memo.lastSent = cached.result
      return cached.result
    }

    let nonPositive = 0
    const lines = built.lines.map((line) => {
      const reduced = reduce(line.xs, [line.ys], line.n ? [line.n] : [], tile, request.logY)
      nonPositive += reduced.nonPositive
      const n = reduced.carried[0]
      return { ...line, xs: reduced.xs, ys: reduced.ys[0] as Float64Array, ...(n ? { n } : {}) }
    })
    const bands = built.bands.map((band) => {
      const reduced = reduce(band.xs, [band.lo, band.hi], [], tile, request.logY)
      return { ...band, xs: reduced.xs, lo: reduced.ys[0] as Float64Array, hi: reduced.ys[1] as Float64Array }
    })
    const result: PanelResult = { lines, bands, runsWithoutX: built.runsWithoutX, extent, tile, nonPositive }
    memo.tiles.delete(key)
    memo.tiles.set(key, { from, result })
    while (memo.tiles.size > TILES_PER_PANEL) memo.tiles.delete(memo.tiles.keys().next().value as string)
    memo.lastSent = result
    return result
  }

  private memo(panelId: string): PanelMemo {
    const memo = this.panels.get(panelId) ?? { curves: new CurveCache(), tiles: new Map(), lastSent: null, awaited: null }
    this.panels.set(panelId, memo)
    return memo
  }

  private prepareCurves(memo: PanelMemo, request: PanelRequest, runId: string): void {
    const columns = this.held.get(runId)
    const run = request.groups.flatMap((g) => g.runs).find((r) => r.id === runId)
    if (columns && run) prepareRun({ ...run, columns }, request.metrics, request.options, memo.curves)
  }

  /** The sample-efficiency readout (compare/efficiencyReadout.ts) over the held runs. */
  efficiency(groups: readonly ReadoutGroup[], settings: ReadoutSettings): EfficiencyReadout {
    this.lastBusy = performance.now()
    return this.efficiencyMemo.answer(JSON.stringify([groups, settings]), this.columnsOf, (columnsOf) => efficiencyReadout(withColumns(groups, columnsOf), settings))
  }

  /** The paired-study readout (compare/studyReadout.ts) over the held runs. */
  study(groups: readonly ReadoutGroup[], settings: StudySettings): StudyReadout {
    this.lastBusy = performance.now()
    return this.studyMemo.answer(JSON.stringify([groups, settings]), this.columnsOf, (columnsOf) => compareStudyReadout(withColumns(groups, columnsOf), settings))
  }

  private readonly columnsOf = (runId: string): MetricColumns => this.held.get(runId) ?? NO_COLUMNS

  /**
   * Resolves once the page has asked for nothing for QUIET_MS, has drawn what it got and its user is not acting (or
   * QUIET_AT_MOST_MS have passed).
   */
  private async quiet(): Promise<void> {
    const latest = performance.now() + QUIET_AT_MOST_MS
    for (;;) {
      const wait = Math.min(this.lastBusy + QUIET_MS, latest) - performance.now()
      if (wait > 0) {
        await new Promise((resolve) => setTimeout(resolve, wait))
        continue
      }
      const asked = this.lastBusy
      await Promise.race([this.listener.idle(), new Promise((resolve) => setTimeout(resolve, Math.max(0, latest - performance.now())))])
      if (this.lastBusy === asked || performance.now() >= latest) return
    }
  }

  private apply(update: CacheUpdate): void {
    this.lastBusy = performance.now()
    const held = this.held.get(update.runId)
    if (!held) return
    // A widen brings the whole series with every column. A run unpicked and picked again while those columns were on
    // their way is held afresh (empty until its own cache read), so it takes them whole.
    const whole = update.kind === 'replace' || update.kind === 'first' || (update.kind === 'widen' && held.length !== update.rows.steps.length)
    const columns = whole ? MetricColumns.fromColumns(update.rows) : held
    if (update.kind === 'append') held.appendColumns(update.rows)
    if (update.kind === 'widen' && !whole) held.widen(update.rows)
    this.held.set(update.runId, columns)
    this.listener.grew(update.runId, columns.names(), columns.length)
    // Every column is here once the first picture's are widened (not when the cache's write of them ends, seconds later).
    if (update.kind === 'first') this.partial.add(update.runId)
    else if (update.kind !== 'append' && this.partial.delete(update.runId)) this.listener.state(update.runId, 'ready', null)
    if (whole) for (const memo of this.panels.values()) if (memo.awaited) this.prepareCurves(memo, memo.awaited, update.runId)
  }
}

/** What a run not held reads as. */
const NO_COLUMNS = new MetricColumns()

function withColumns(groups: readonly ReadoutGroup[], columnsOf: (runId: string) => MetricColumns) {
  return groups.map((g) => ({ ...g, runs: g.runs.map((r) => ({ ...r, columns: columnsOf(r.id) })) }))
}

/** The union of the runs' ranges on the axis. */
function sharedExtent(runs: readonly MetricColumns[], axis: PanelOptions['xAxis']): Range | null {
  let lo = Infinity
  let hi = -Infinity
  for (const columns of runs) {
    const range = axisRange(columns, axis)
    if (!range) continue
    lo = Math.min(lo, range[0])
    hi = Math.max(hi, range[1])
  }
  return lo <= hi ? [lo, hi] : null
}

/** First index with xs[i] >= x (xs ascending). */
function lowerBound(xs: ArrayLike<number>, x: number): number {
  let lo = 0
  let hi = xs.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if ((xs[mid] as number) < x) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * The points of the tile (and one beyond each edge, so lines run to the border) reduced to the tile's buckets with
 * the extremes of every array in `ys` kept (analysis/downsample.ts, over that range of the arrays: nothing is
 * copied but the kept points); `carried` arrays (a mean's seed counts) follow the kept points. On a log axis a
 * value ≤ 0 cannot be drawn: a curve's become gaps (and are counted), a band loses the points where either edge is
 * ≤ 0 — on copies of the range, the curves themselves being the cache's.
 */
function reduce(
  xs: ArrayLike<number>,
  ys: readonly ArrayLike<number>[],
  carried: readonly ArrayLike<number>[],
  tile: Tile,
  logY: boolean,
): { xs: Float64Array; ys: Float64Array[]; carried: Float64Array[]; nonPositive: number } {
  const start = Math.max(0, lowerBound(xs, tile.range[0]) - 1)
  const end = Math.min(xs.length, lowerBound(xs, tile.range[1]) + 1)
  let values = ys
  let nonPositive = 0
  if (logY) {
    const copies = ys.map((v) => Float64Array.from(Array.prototype.slice.call(v, 0) as number[]))
    for (let i = start; i < end; i++) {
      if (!copies.some((v) => (v[i] as number) <= 0)) continue
      if (copies.length === 1) nonPositive++
      for (const v of copies) v[i] = Number.NaN
    }
    values = copies
  }
  const keep = downsampleIndices(xs, values, tile.buckets, start, end)
  const pick = (source: ArrayLike<number>) => {
    const out = new Float64Array(keep.length)
    for (let k = 0; k < keep.length; k++) out[k] = source[keep[k] as number] as number
    return out
  }
  return { xs: pick(xs), ys: values.map(pick), carried: carried.map(pick), nonPositive }
}
