// Assembles the main-side services behind the API for one workspace. Both the Electron app and the browser-mode
// host build exactly this; they differ only in how trainers are spawned and how calls and events travel.
import type { AppInfo } from '../../src-preload/contract/schemas'
import { createApiHandlers } from './api-handlers'
import { createDispatch, type Dispatch } from './api-dispatch'
import { DatasetService } from './datasets-service'
import { EventBus } from './event-bus'
import { chromiumPdfRenderer, type PdfRenderer } from '../reports/pdf'
import { ReportService } from './reports-service'
import { RunInputsService } from './run-inputs-service'
import { RunService } from './runs-service'
import { RuntimeService } from './runtime-service'
import { SettingsService } from './settings-service'
import { VerlService } from './verl-service'
import type { SpawnTrainer } from './trainer-process'
import { HostPresence } from './host-presence'
import { cleanLeftovers } from './leftovers'
import { openWorkspace, type Workspace } from './workspace'

export interface HostOptions {
  workspaceDir: string
  spawnTrainer: SpawnTrainer
  appInfo: Omit<AppInfo, 'workspaceDir'>
  log?: (line: string) => void
  /** Prints a report's HTML file to PDF; default: a headless Chromium (the Electron app passes its own). */
  renderPdf?: PdfRenderer
  /** The verifier pool's worker for dataset re-grades; a bundled host passes its built verify-worker.js. */
  verifierWorkerUrl?: URL
  /** The dataset import worker; a bundled host passes its built import-worker.js. */
  importWorkerUrl?: URL
}

export interface Host {
  dispatch: Dispatch
  bus: EventBus
  runs: RunService
  dispose(): void
}

export function createHost(options: HostOptions): Host {
  const workspace = openWorkspace(options.workspaceDir)
  const presence = new HostPresence(workspace.root)
  try {
    return assemble(options, workspace, presence)
  } catch (error) {
    presence.dispose()
    throw error
  }
}

function assemble(options: HostOptions, workspace: Workspace, presence: HostPresence): Host {
  for (const line of cleanLeftovers(workspace, presence.othersAlive())) options.log?.(`cleaned up: ${line}`)
  const bus = new EventBus()
  const settings = new SettingsService(workspace.settingsFile)
  const runInputs = new RunInputsService(workspace.datasetsDir)
  const runs = new RunService({
    runsDir: workspace.runsDir,
    spawnTrainer: options.spawnTrainer,
    bus,
    maxConcurrentRuns: () => settings.get().maxConcurrentRuns,
    intraOpThreads: () => settings.intraOpThreads(),
    memoryBudget: () => settings.trainerMemoryBudget(),
    device: () => settings.get().device,
    checkRlConfig: (config, field) => runInputs.preview(config, field),
  })
  const runtime = new RuntimeService(options.spawnTrainer)
  for (const { id, reason } of runs.unreadable) options.log?.(`run ${id} skipped: ${reason}`)
  const handlers = createApiHandlers({
    appInfo: () => ({ ...options.appInfo, workspaceDir: workspace.root }),
    runtime,
    settings,
    datasets: new DatasetService(workspace.datasetsDir, bus, {
      ...(options.verifierWorkerUrl ? { verifierWorkerUrl: options.verifierWorkerUrl } : {}),
      ...(options.importWorkerUrl ? { importWorker: { workerUrl: options.importWorkerUrl } } : {}),
    }),
    runs,
    runInputs,
    verl: new VerlService({
      runsDir: workspace.runsDir,
      datasetsDir: workspace.datasetsDir,
      exportsDir: workspace.exportsDir,
      runs,
      exportedBy: `${options.appInfo.name} ${options.appInfo.version}`,
    }),
    reports: new ReportService(workspace.exportsDir, runs, {
      app: options.appInfo,
      describeRuntime: () => runtime.describe(),
      renderPdf: options.renderPdf ?? chromiumPdfRenderer(),
    }),
  })
  return {
    dispatch: createDispatch(handlers, options.log),
    bus,
    runs,
    dispose: () => {
      runs.dispose()
      presence.dispose()
    },
  }
}
