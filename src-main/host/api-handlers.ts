// The implementation of every contract method, one line each, over the host's services.
import type { ApiMethod, ApiParsedRequest, ApiResponse } from '../../src-preload/contract/api'
import type { AppInfo } from '../../src-preload/contract/schemas'
import type { DatasetService } from './datasets-service'
import type { ReportService } from './reports-service'
import type { RunInputsService } from './run-inputs-service'
import type { RunService } from './runs-service'
import type { RuntimeService } from './runtime-service'
import type { SettingsService } from './settings-service'
import type { VerlService } from './verl-service'

export interface HostServices {
  appInfo: () => AppInfo
  runtime: RuntimeService
  settings: SettingsService
  datasets: DatasetService
  runs: RunService
  runInputs: RunInputsService
  reports: ReportService
  verl: VerlService
}

export type ApiHandlers = {
  [M in ApiMethod]: (request: ApiParsedRequest<M>) => ApiResponse<M> | Promise<ApiResponse<M>>
}

export function createApiHandlers(s: HostServices): ApiHandlers {
  return {
    'app.info': () => s.appInfo(),
    'app.runtime': () => s.runtime.describe(),
    'settings.get': () => s.settings.get(),
    'settings.update': (patch) => s.settings.update(patch),
    'datasets.list': () => s.datasets.list(),
    'datasets.import': (request) => s.datasets.import(request),
    'datasets.preview': (request) => s.datasets.preview(request),
    'datasets.rows': ({ id, offset, limit }) => s.datasets.rows(id, offset, limit),
    'datasets.delete': ({ id }) => (s.datasets.delete(id), { ok: true as const }),
    'datasets.syntheticTasks': () => s.datasets.syntheticTasks(),
    'datasets.generate': (request) => s.datasets.generate(request),
    'datasets.regrade': ({ id, limit }) => s.datasets.regrade(id, limit),
    'datasets.upload.begin': ({ fileName, totalBytes }) => s.datasets.uploads.begin(fileName, totalBytes),
    'datasets.upload.append': ({ uploadId, offset, contentBase64 }) => s.datasets.uploads.append(uploadId, offset, contentBase64),
    'datasets.upload.finish': (request) => s.datasets.finishUpload(request),
    'datasets.upload.cancel': ({ uploadId }) => (s.datasets.uploads.cancel(uploadId), { ok: true as const }),
    'runs.list': () => s.runs.list(),
    'runs.get': ({ id }) => s.runs.get(id),
    'runs.create': ({ name, config }) => s.runs.create(name, config),
    'runs.createComparison': ({ name, base, algorithms, seeds, launch }) => s.runs.createComparison(name, base, algorithms, seeds, launch),
    'runs.createSweep': ({ name, base, axes, seeds, launch }) => s.runs.createSweep(name, base, axes, seeds, launch),
    'runs.figures': ({ metrics }) => s.runs.figures(metrics),
    'runs.metricNames': () => s.runs.metricNames(),
    'runs.preview': ({ config }) => s.runInputs.preview(config),
    'runs.delete': ({ id }) => (s.runs.delete(id), { ok: true as const }),
    'runs.launch': ({ id }) => s.runs.launch(id),
    'runs.pause': ({ id }) => s.runs.pause(id),
    'runs.resume': ({ id }) => s.runs.resume(id),
    'runs.cancel': ({ id }) => s.runs.cancel(id),
    'runs.metrics': ({ id, sinceStep, untilStep }) => s.runs.metrics(id, sinceStep, untilStep),
    'runs.metricColumns': ({ id, sinceStep, names, except }) => s.runs.metricColumns(id, sinceStep, { names, except }),
    'runs.rollouts': ({ id, step }) => s.runs.rollouts(id, step),
    'runs.rolloutSteps': ({ id }) => s.runs.rolloutIterations(id),
    'runs.exportVerl': (request) => s.verl.export(request),
    'runs.importVerl': (request) => s.verl.import(request),
    'runs.submitVerl': (request) => s.verl.submit(request),
    'runs.logs': ({ id, tail }) => s.runs.logs(id, tail),
    'reports.export': ({ runIds, format, options }) => s.reports.export(runIds, format, options),
  }
}
