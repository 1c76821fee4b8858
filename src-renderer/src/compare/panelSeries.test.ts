import { describe, expect, it } from 'vitest'
import { MetricColumns, ema } from '../../../src-preload/analysis'
import type { MetricsRow } from '../../../src-preload/contract/schemas'
import { CurveCache } from './curveCache'
import { buildPanel, curveSettingsKey, prepareRun, type PanelOptions, type SeriesGroup } from './panelSeries'

const rows = (values: number[], extra: (i: number) => Record<string, number> = () => ({})): MetricColumns =>
  MetricColumns.fromRows(values.map((v, i): MetricsRow => ({ step: i + 1, time: 1000 + i, values: { 'critic/score/mean': v, ...extra(i) } })))

/** Plain arrays, for readable comparisons (curves are typed arrays). */
const plain = (values: ArrayLike<number> | undefined) => (values ? Array.from(values) : values)

const raw: PanelOptions = { xAxis: 'iteration', smoothing: 'none', smoothingWeight: 0.6, band: 'minmax' }

describe('buildPanel', () => {
  it('draws a group of one as its own curve and a group of seeds as a mean with a min–max band', () => {
    const groups: SeriesGroup[] = [
      { key: 'p', label: 'prime', color: 'red', runs: [{ id: 'p1', name: 'p1', columns: rows([0, 2]) }, { id: 'p2', name: 'p2', columns: rows([2, 4]) }] },
      { key: 'b', label: 'rloo', color: 'blue', runs: [{ id: 'b1', name: 'b1', columns: rows([1, 1]) }] },
    ]
    const panel = buildPanel(groups, ['critic/score/mean'], raw)
    expect(panel.lines.map((l) => [l.name, plain(l.xs), plain(l.ys), plain(l.n)])).toEqual([
      ['prime', [1, 2], [1, 3], [2, 2]],
      ['rloo', [1, 2], [1, 1], undefined],
    ])
    expect(panel.bands.map((b) => ({ ...b, xs: plain(b.xs), lo: plain(b.lo), hi: plain(b.hi) }))).toEqual([{ id: 'p|critic/score/mean|band', color: 'red', xs: [1, 2], lo: [0, 2], hi: [2, 4] }])
  })

  it('uses a ±1 std band when asked', () => {
    const groups: SeriesGroup[] = [{ key: 'p', label: 'prime', color: 'red', runs: [{ id: 'a', name: 'a', columns: rows([0]) }, { id: 'b', name: 'b', columns: rows([2]) }] }]
    const band = buildPanel(groups, ['critic/score/mean'], { ...raw, band: 'std' }).bands[0]
    expect([plain(band?.lo), plain(band?.hi)]).toEqual([[0], [2]])
  })

  it('smooths each run before averaging, and gives a second metric its own dash and label', () => {
    const values = [0, 1, 0, 1]
    const groups: SeriesGroup[] = [
      { key: 'p', label: 'prime', color: 'red', runs: [{ id: 'a', name: 'a', columns: rows(values, () => ({ 'val/acc': 0.5 })) }] },
    ]
    const panel = buildPanel(groups, ['critic/score/mean', 'val/acc'], { ...raw, smoothing: 'ema', smoothingWeight: 0.5 })
    expect(plain(panel.lines[0]?.ys)).toEqual([...ema(values, 0.5)])
    expect(panel.lines.map((l) => [l.name, l.dash])).toEqual([
      ['prime — training reward (after filter)', 'solid'],
      ['prime — validation accuracy (greedy)', 'dashed'],
    ])
  })

  it('puts runs on samples seen and wall time, and names runs that lack the x axis', () => {
    const withSamples = rows([0.1, 0.2], (i) => ({ 'train/samples_seen': 64 * (i + 1), 'train/wall_time': 3 * (i + 1) }))
    const groups: SeriesGroup[] = [
      { key: 'a', label: 'a', color: 'red', runs: [{ id: 'a', name: 'with', columns: withSamples }] },
      { key: 'b', label: 'b', color: 'blue', runs: [{ id: 'b', name: 'without', columns: rows([0.3, 0.4]) }] },
    ]
    const bySamples = buildPanel(groups, ['critic/score/mean'], { ...raw, xAxis: 'samples' })
    expect(bySamples.lines.map((l) => plain(l.xs))).toEqual([[64, 128]])
    expect(bySamples.runsWithoutX).toEqual(['without'])
    const byTime = buildPanel(groups, ['critic/score/mean'], { ...raw, xAxis: 'time' })
    expect(byTime.lines.map((l) => plain(l.xs))).toEqual([[3, 6], [0, 1]])
  })

  it('is empty when no run logs the metric', () => {
    const groups: SeriesGroup[] = [{ key: 'a', label: 'a', color: 'red', runs: [{ id: 'a', name: 'a', columns: rows([1]) }] }]
    expect(buildPanel(groups, ['actor/entropy'], raw)).toEqual({ lines: [], bands: [], runsWithoutX: [] })
  })
})

describe('buildPanel with a CurveCache', () => {
  it('reuses what did not change and redoes the group whose run received rows', () => {
    const streaming = rows([0, 1])
    const groups: SeriesGroup[] = [
      { key: 'p', label: 'prime', color: 'red', runs: [{ id: 'p1', name: 'p1', columns: streaming }, { id: 'p2', name: 'p2', columns: rows([2, 3]) }] },
      { key: 'b', label: 'rloo', color: 'blue', runs: [{ id: 'b1', name: 'b1', columns: rows([1, 1]) }, { id: 'b2', name: 'b2', columns: rows([3, 3]) }] },
    ]
    const cache = new CurveCache()
    const first = buildPanel(groups, ['critic/score/mean'], raw, cache)
    const again = buildPanel(groups, ['critic/score/mean'], raw, cache)
    expect(again.lines[0]?.ys).toBe(first.lines[0]?.ys)
    expect(again.lines[1]?.ys).toBe(first.lines[1]?.ys)

    streaming.append([{ step: 3, time: 1003, values: { 'critic/score/mean': 5 } }])
    const grown = buildPanel(groups, ['critic/score/mean'], raw, cache)
    expect(plain(grown.lines[0]?.ys)).toEqual([1, 2, 5])
    expect(grown.lines[1]?.ys).toBe(first.lines[1]?.ys)
    expect(grown).toEqual(buildPanel(groups, ['critic/score/mean'], raw))

    const smoothed = buildPanel(groups, ['critic/score/mean'], { ...raw, smoothing: 'ema' }, cache)
    expect(smoothed.lines[1]?.ys).not.toBe(first.lines[1]?.ys)
  })

  it('makes the curves of a run that arrived ahead of the build, under the keys the build reads', () => {
    const arrived = { id: 'p1', name: 'p1', columns: rows([0, 1, 2]) }
    const waiting = { id: 'p2', name: 'p2', columns: new MetricColumns() }
    const metrics = ['critic/score/mean', 'actor/entropy']
    const cache = new CurveCache()
    for (const run of [arrived, waiting]) prepareRun(run, metrics, raw, cache)
    const notMade = () => {
      throw new Error('not made ahead')
    }
    const made = cache.curve('p1', arrived.columns, 'critic/score/mean', curveSettingsKey(raw), notMade)
    expect(plain(made.ys)).toEqual([0, 1, 2])
    expect(cache.curve('p1', arrived.columns, 'actor/entropy', curveSettingsKey(raw), notMade).logged).toBe(0)
    expect(() => cache.curve('p2', waiting.columns, 'critic/score/mean', curveSettingsKey(raw), notMade)).toThrow('not made ahead')
    const built = buildPanel([{ key: 'p', label: 'prime', color: 'red', runs: [arrived] }], ['critic/score/mean'], raw, cache)
    expect(built.lines[0]?.ys).toBe(made.ys)
  })
})
