// What the series worker draws once at start, before any comparison is picked. A page's first comparison cost the
// worker about twice what the same one costs later (the 12 panels of 8 runs × 20,000 rows: 500–600 ms against
// 215–265 ms in a Chromium worker): V8 runs a function in its interpreter until it has run enough to be compiled,
// and every page starts a new worker with nothing compiled. Building one made-up panel a few times through the
// real path (series-service.ts `warmUp`) compiles the loops a comparison spends its time in — curves, smoothing,
// seed means, reduction to the chart's width — while the user is still picking runs.
import { MetricColumns } from '../../../src-preload/analysis'
import type { PanelRequest } from './series-service'

const ROWS = 5000
const SEEDS = 2
/** A metric logged every iteration, and one every fifth (as validation is): a copy and a view of the rows. */
const METRICS = ['warm-up/every', 'warm-up/fifth']
const VALIDATE_EVERY = 5
/** The made-up panel's id in the service (forgotten once the warm-up is done). */
export const WARM_UP_PANEL_ID = '#warm-up'

/** Made-up runs: two groups of SEEDS runs, ROWS iterations each (with the starting model's row at step 0). */
export function warmUpRuns(): Map<string, MetricColumns> {
  const runs = new Map<string, MetricColumns>()
  for (let r = 0; r < 2 * SEEDS; r++) {
    const steps = new Float64Array(ROWS + 1)
    const every = new Float64Array(ROWS + 1)
    const fifth = new Float64Array(ROWS + 1)
    for (let i = 0; i <= ROWS; i++) {
      steps[i] = i
      every[i] = i === 0 ? Number.NaN : Math.sin(i / 50 + r) + r / 10
      fifth[i] = i % VALIDATE_EVERY === 0 ? Math.cos(i / 500 + r) : Number.NaN
    }
    runs.set(`#warm-up-${r}`, MetricColumns.fromColumns({ steps, times: steps.slice(), columns: new Map([[METRICS[0] as string, every], [METRICS[1] as string, fifth]]) }))
  }
  return runs
}

/** The panel requests of the warm-up: each round other settings, so every round computes its curves anew. */
export function warmUpRequests(runIds: readonly string[]): PanelRequest[] {
  const groups = [0, 1].map((g) => ({
    key: `#warm-up-group-${g}`,
    label: '',
    color: '#000',
    runs: runIds.slice(g * SEEDS, (g + 1) * SEEDS).map((id) => ({ id, name: id })),
  }))
  const request = (smoothing: 'ema' | 'none', smoothingWeight: number, band: 'minmax' | 'std'): PanelRequest => ({
    panelId: WARM_UP_PANEL_ID,
    groups,
    metrics: METRICS,
    options: { xAxis: 'iteration', smoothing, smoothingWeight, band },
    width: 600,
    window: null,
    logY: false,
  })
  return [request('ema', 0.6, 'minmax'), request('ema', 0.7, 'std'), request('none', 0.6, 'minmax'), request('ema', 0.8, 'minmax')]
}
