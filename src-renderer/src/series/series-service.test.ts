import 'fake-indexeddb/auto'
import { describe, expect, it } from 'vitest'
import { iterationRows } from '../../../src-preload/analysis'
import { chooseColumns, packColumns, rowsToColumns, type ColumnChoice } from '../../../src-preload/contract/metric-columns-wire'
import type { MetricsRow } from '../../../src-preload/contract/schemas'
import { WorkbenchDatabase } from '../db/database'
import { SeriesService, type PanelRequest } from './series-service'

const METRIC = 'critic/score/mean'
// Samples seen from the second iteration on: on that axis a curve leaves the first point out, in arrays of its own.
const lines: MetricsRow[] = Array.from({ length: 300 }, (_, i) => ({
  step: i + 1,
  time: 1000 + i,
  values: { [METRIC]: Math.sin(i / 9), ...(i > 0 ? { 'train/samples_seen': 64 * i } : {}) },
}))

/** A service holding one run of `lines`, as the host would send it. */
async function serviceWithOneRun(): Promise<SeriesService> {
  let arrived: () => void = () => {}
  const rowsArrived = new Promise<void>((resolve) => (arrived = resolve))
  const service = new SeriesService(
    new WorkbenchDatabase(`series-service-${Math.random()}`),
    async (_runId: string, _sinceStep: number, which: ColumnChoice = {}) => packColumns(chooseColumns(rowsToColumns(iterationRows(lines)), which)),
    { grew: (_runId, _names, rows) => rows > 0 && arrived(), state: () => {}, idle: () => new Promise(() => {}) },
  )
  await service.open('run')
  void service.sync({ id: 'run', createdAt: '2026-12-04T00:00:00Z' })
  await rowsArrived
  return service
}

const request = (smoothing: 'ema' | 'none', smoothingWeight: number): PanelRequest => ({
  panelId: 'panel',
  groups: [{ key: 'g', label: 'run', color: 'red', runs: [{ id: 'run', name: 'run' }] }],
  metrics: [METRIC],
  options: { xAxis: 'samples', smoothing, smoothingWeight, band: 'minmax' },
  width: 2000,
  window: null,
  logY: false,
})

describe('SeriesService panels', () => {
  it('answers each change of smoothing with its own curve, never with a tile reduced before', async () => {
    const service = await serviceWithOneRun()
    const fresh = await serviceWithOneRun()
    // Every tile is reduced over the whole range at one width (one key): only the curves tell the answers apart.
    const settings = [['ema', 0.6], ['none', 0.6], ['ema', 0.9], ['ema', 0.8], ['ema', 0.7], ['ema', 0.5], ['ema', 0.4], ['ema', 0.3]] as const
    for (const [smoothing, weight] of settings) {
      const answer = service.panel(request(smoothing, weight))
      const expected = fresh.panel({ ...request(smoothing, weight), panelId: `fresh-${smoothing}-${weight}` })
      expect(Array.from(answer?.lines[0]?.ys ?? [])).toEqual(Array.from(expected?.lines[0]?.ys ?? []))
    }
  })
})

describe('SeriesService runs', () => {
  const rows: MetricsRow[] = lines.map((row) => ({ ...row, values: { ...row.values, 'custom/other': row.step } }))

  const ref = (id: string) => ({ id, createdAt: '2026-12-04T00:00:00Z' })

  /**
   * A service whose host answers every run with `rows`, holding back the columns after the first until `releaseRest`,
   * with run 'run' opened, its first columns arrived, and closed (the page unpicked it) while the rest are on their way.
   */
  async function runClosedWhileItsRestIsOnTheWay() {
    let releaseRest: () => void = () => {}
    const restAsked = new Promise<void>((resolve) => (releaseRest = resolve))
    const states: string[] = []
    const grown = new Map<string, { names: readonly string[]; rows: number }>()
    const service = new SeriesService(
      new WorkbenchDatabase(`series-service-${Math.random()}`),
      async (_runId: string, _sinceStep: number, which: ColumnChoice = {}) => {
        if (which.except) await restAsked
        return packColumns(chooseColumns(rowsToColumns(iterationRows(rows)), which))
      },
      {
        grew: (runId, names, count) => grown.set(runId, { names, rows: count }),
        state: (runId, state, error) => states.push(`${runId} ${state}${error ? `: ${error}` : ''}`),
        idle: () => Promise.resolve(),
      },
    )
    await service.open('run')
    const firstSync = service.sync(ref('run'))
    while (!((grown.get('run')?.rows ?? 0) > 0)) await new Promise((resolve) => setTimeout(resolve, 5))
    service.close('run')
    return { service, states, grown, releaseRest, firstSync }
  }

  it('shows a run unpicked and picked again at once, with what it held, and keeps it up to date meanwhile', async () => {
    const { service, states, grown, releaseRest, firstSync } = await runClosedWhileItsRestIsOnTheWay()
    grown.clear()
    states.length = 0
    // Opened again while its other columns are still on their way: it does not wait for them.
    await service.open('run')
    expect(grown.get('run')).toMatchObject({ rows: 300 })
    expect(grown.get('run')?.names).not.toContain('custom/other')
    // Shown, yet still loading: its other columns are not here.
    expect(states).toEqual(['run loading'])
    releaseRest()
    await firstSync
    await service.sync(ref('run'))
    expect(grown.get('run')?.names).toContain('custom/other')
    expect(states.filter((s) => s.includes('error'))).toEqual([])
  })

  it('calls a run loading while it holds its first columns only, and ready as soon as the rest arrive', async () => {
    const { service, states, grown, releaseRest, firstSync } = await runClosedWhileItsRestIsOnTheWay()
    await service.open('run')
    expect(states).toEqual(['run loading', 'run loading'])
    let synced = false
    void firstSync.then(() => (synced = true))
    releaseRest()
    while (!grown.get('run')?.names.includes('custom/other')) await new Promise((resolve) => setTimeout(resolve, 5))
    // Ready with every column, while the cache's write of them still waits for the page to be quiet.
    expect(states.at(-1)).toBe('run ready')
    expect(synced).toBe(false)
    await firstSync
  })

  it('gives a run picked again after it was let go, while its other columns were on their way, every column without an error', async () => {
    const { service, states, grown, releaseRest, firstSync } = await runClosedWhileItsRestIsOnTheWay()
    // Eight other runs closed since: 'run' is no longer kept.
    for (let i = 0; i < 8; i++) {
      await service.open(`other-${i}`)
      service.close(`other-${i}`)
    }
    grown.delete('run')
    const reopened = service.open('run')
    releaseRest()
    await firstSync
    await reopened
    await service.sync(ref('run'))
    expect(states.filter((s) => s.includes('error'))).toEqual([])
    expect(grown.get('run')?.names).toContain('custom/other')
    const answer = service.panel({ ...request('none', 0.6), metrics: ['custom/other'], options: { ...request('none', 0.6).options, xAxis: 'iteration' } })
    expect(answer?.lines[0]?.ys.length).toBeGreaterThan(0)
  })
})
