// The series worker: a SeriesService (series-service.ts) behind worker-rpc, with its own connection to the page's
// IndexedDB. In browser mode it calls the host's binary API itself, so the runs' columns (megabytes per run) never
// pass through the page's main thread; in the desktop app only the page reaches the host (the preload bridge), and
// the worker asks the page. It tells the page how far each run's rows reach.
import { invokeBinary } from '../api/websocket-transport'
import { WorkbenchDatabase } from '../db/database'
import { columnChoice } from '../db/metric-cache'
import { SeriesService, type PanelResult } from './series-service'
import { connect, transfer, type Endpoint } from './worker-rpc'
import type { PageMethods } from './series-client'

function panelArrays(result: PanelResult): ArrayBufferView[] {
  return [...result.lines.flatMap((l) => [l.xs, l.ys, l.n]), ...result.bands.flatMap((b) => [b.xs, b.lo, b.hi])].filter(
    (a): a is Float64Array => a instanceof Float64Array,
  )
}

const scope = self as unknown as Endpoint
/** The browser-mode host's API address, for calls of the worker's own (null: ask the page). */
let apiUrl: URL | null = null
const service: SeriesService = new SeriesService(
  new WorkbenchDatabase(),
  (runId, sinceStep, which) =>
    apiUrl ? invokeBinary(apiUrl, 'runs.metricColumns', { id: runId, sinceStep, ...columnChoice(which) }) : page.fetchColumns(runId, sinceStep, which),
  {
    grew: (runId, names, rows) => void page.grew(runId, names, rows),
    state: (runId, state, error) => void page.state(runId, state, error),
    idle: () => page.idle(),
  },
)

export const workerMethods = {
  /** The host's API address for calls of the worker's own (browser mode), or null. */
  useApi: (url: string | null) => {
    apiUrl = url === null ? null : new URL(url)
  },
  open: (runId: string) => service.open(runId),
  sync: (run: { id: string; createdAt: string }) => service.sync(run),
  close: (runId: string) => service.close(runId),
  streamed: (runId: string, row: Parameters<SeriesService['streamed']>[1]) => service.streamed(runId, row),
  finished: (run: { id: string; createdAt: string }) => service.finished(run),
  flush: () => service.flush(),
  panel: (request: Parameters<SeriesService['panel']>[0]) => {
    const result = service.panel(request)
    if (result === null) return null
    // A cached tile is answered again later: send copies, keep the originals.
    const copy = structuredClone(result)
    return transfer(copy, panelArrays(copy))
  },
  prepare: (request: Parameters<SeriesService['prepare']>[0]) => service.prepare(request),
  dropPanel: (panelId: string) => service.dropPanel(panelId),
  efficiency: (groups: Parameters<SeriesService['efficiency']>[0], settings: Parameters<SeriesService['efficiency']>[1]) => service.efficiency(groups, settings),
  study: (groups: Parameters<SeriesService['study']>[0], settings: Parameters<SeriesService['study']>[1]) => service.study(groups, settings),
}
export type WorkerMethods = typeof workerMethods

const page = connect<PageMethods>(scope, workerMethods)
/**
 * The warm-up waits this long: the page's first messages (the runs of a comparison reloaded with it), sent as the
 * worker started, arrive first, and the warm-up then leaves it to them.
 */
const WARM_UP_AFTER_MS = 50
setTimeout(() => service.warmUp(), WARM_UP_AFTER_MS)
