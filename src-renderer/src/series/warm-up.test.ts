import 'fake-indexeddb/auto'
import { describe, expect, it } from 'vitest'
import { buildPanel } from '../compare/panelSeries'
import { WorkbenchDatabase } from '../db/database'
import { SeriesService } from './series-service'
import { warmUpRequests, warmUpRuns } from './warm-up'

/** A service with no host behind it: the warm-up needs none. */
function serviceWithoutHost(): SeriesService {
  const listener = { grew: () => {}, state: () => {}, idle: () => Promise.resolve() }
  return new SeriesService(new WorkbenchDatabase(`warm-up-${Math.random()}`), () => Promise.reject(new Error('no host')), listener)
}

describe('the series worker warm-up', () => {
  it('draws seed means with bands under every setting it tries, so it runs the code a comparison runs', () => {
    const runs = warmUpRuns()
    for (const request of warmUpRequests([...runs.keys()])) {
      const groups = request.groups.map((g) => ({ ...g, runs: g.runs.map((r) => ({ ...r, columns: runs.get(r.id)! })) }))
      const panel = buildPanel(groups, request.metrics, request.options)
      // Two groups × two metrics, each a mean over two seeds (a count per point) with its band.
      expect(panel.lines).toHaveLength(4)
      expect(panel.bands).toHaveLength(4)
      for (const line of panel.lines) expect(line.n?.[0]).toBe(2)
    }
  })

  it('leaves nothing behind in the service: its runs are not held afterwards', () => {
    const service = serviceWithoutHost()
    const runs = warmUpRuns()
    const [request] = warmUpRequests([...runs.keys()])
    expect(service.warmUp()).toBe(true)
    expect(service.panel({ ...request!, panelId: 'after' })?.lines).toEqual([])
  })

  it('is left to the runs when some are held already (their build warms the code)', async () => {
    const service = serviceWithoutHost()
    await service.open('a-run')
    expect(service.warmUp()).toBe(false)
    service.close('a-run')
    expect(service.warmUp()).toBe(true)
  })
})
