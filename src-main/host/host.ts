// Assembles the main-side services behind the API for one workspace. Both the Electron app and the browser-mode
// host build exactly this; they differ only in how trainers are spawned and how calls and events travel.
import type { AppInfo } from '../../src-preload/contract/schemas'
import { createApiHandlers } from './api-handlers'
import { createDispatch, type Dispatch } from './api-dispatch'
import { DatasetService } from './datasets-service'
import { EventBus } from './event-bus'
import { ReportService } from './reports-service'
import { RunService } from './runs-service'
import { RuntimeService } from './runtime-service'
import { SettingsService } from './settings-service'
import type { SpawnTrainer } from './trainer-process'
import { openWorkspace } from './workspace'

export interface HostOptions {
  workspaceDir: string
  spawnTrainer: SpawnTrainer
  appInfo: Omit<AppInfo, 'workspaceDir'>
  log?: (line: string) => void
}

export interface Host {
  dispatch: Dispatch
  bus: EventBus
  runs: RunService
  dispose(): void
}

export function createHost(options: HostOptions): Host {
  const workspace = openWorkspace(options.workspaceDir)
  const bus = new EventBus()
  const settings = new SettingsService(workspace.settingsFile)
  const runs = new RunService({
    runsDir: workspace.runsDir,
    spawnTrainer: options.spawnTrainer,
    bus,
    maxConcurrentRuns: () => settings.get().maxConcurrentRuns,
    intraOpThreads: () => settings.intraOpThreads(),
  })
  for (const { id, reason } of runs.unreadable) options.log?.(`run ${id} skipped: ${reason}`)
  const handlers = createApiHandlers({
    appInfo: () => ({ ...options.appInfo, workspaceDir: workspace.root }),
    runtime: new RuntimeService(options.spawnTrainer),
    settings,
    datasets: new DatasetService(workspace.datasetsDir, bus),
    runs,
    reports: new ReportService(workspace.exportsDir, runs),
  })
  return { dispatch: createDispatch(handlers, options.log), bus, runs, dispose: () => runs.dispose() }
}
