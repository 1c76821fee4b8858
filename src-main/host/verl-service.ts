// The verl bridge behind the API (src-main/verl): export runs as a verl launch, import a verl run's files as a
// read-only run (optionally followed as they grow), and submit an export to a Ray cluster as followed runs. The
// run folders it writes are taken into the run registry (RunService.adopt), which starts their followers.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { RunSummary } from '../../src-preload/contract/schemas'
import type { VerlExportResult } from '../../src-preload/contract/verl'
import type { ApiParsedRequest } from '../../src-preload/contract/api'
import { ExportError } from '../verl/export/export-rows'
import { comparisonOf, exportVerl, type ExportRun } from '../verl/export/export-verl'
import { readVerlRun, writeVerlRun, type VerlImport } from '../verl/import/import-run'
import { VerlLocateError } from '../verl/import/locate'
import { VerlFormatError } from '../verl/import/step-lines'
import { RayApiError } from '../verl/ray/jobs-client'
import { submitExport } from '../verl/ray/submit'
import { RequestError } from './request-error'
import type { RunService } from './runs-service'
import { newId } from './workspace'

export interface VerlServiceOptions {
  runsDir: string
  datasetsDir: string
  exportsDir: string
  runs: RunService
  /** "PRIME Workbench 0.1.0", for the scripts' headers. */
  exportedBy: string
}

/** The bridge's own errors, as request errors naming the field at fault; anything else is a bug and stays as is. */
function asRequestError(error: unknown, field: string): unknown {
  if (error instanceof ExportError) return new RequestError(error.message, `request.${error.setting === 'out' ? 'out' : 'runIds'}`)
  if (error instanceof VerlFormatError || error instanceof VerlLocateError || error instanceof RayApiError) return new RequestError(error.message, field)
  return error
}

export class VerlService {
  constructor(private readonly options: VerlServiceOptions) {}

  async import(request: ApiParsedRequest<'runs.importVerl'>): Promise<RunSummary> {
    let imported: VerlImport
    try {
      imported = readVerlRun(request.path, { follow: request.follow, configFile: request.configFile, rolloutDir: request.rolloutDir })
    } catch (error) {
      throw asRequestError(error, 'request.path')
    }
    const id = newId('run')
    writeVerlRun(imported, { runsDir: this.options.runsDir, id, name: request.name, createdAt: new Date().toISOString() })
    return this.options.runs.adopt(id, request.follow)
  }

  async export(request: ApiParsedRequest<'runs.exportVerl'>): Promise<VerlExportResult> {
    const picked = request.runIds.map((id) => this.options.runs.get(id))
    const notRl = picked.find((run) => run.config.kind !== 'rl')
    if (notRl) throw new RequestError(`run ${notRl.id} is not a PRIME or baseline run (${notRl.config.kind}); only those export to verl`, 'request.runIds')
    const all = this.options.runs.list().filter((run) => run.config.kind === 'rl')
    const chosen = request.withComparison ? comparisonOf(picked[0] as RunSummary, all) : picked
    const runs: ExportRun[] = chosen.map((run) => {
      const sft = join(this.options.runsDir, run.id, 'checkpoints', 'sft')
      return { name: run.name, config: run.config as ExportRun['config'], sftCheckpoint: existsSync(join(sft, 'config.json')) ? sft : null }
    })
    try {
      return await exportVerl({
        out: request.out ?? join(this.options.exportsDir, newId('verl')),
        runs,
        datasetsDir: this.options.datasetsDir,
        ...(request.model ? { model: request.model } : {}),
        exportedBy: this.options.exportedBy,
      })
    } catch (error) {
      throw asRequestError(error, 'request.runIds')
    }
  }

  async submit(request: ApiParsedRequest<'runs.submitVerl'>): Promise<RunSummary[]> {
    const ids: string[] = []
    try {
      await submitExport(request.exportDir, request.address, request.scripts, (job) => {
        const id = newId('run')
        const { source } = job.config
        const notes = source.kind === 'ray' ? [`submitted ${source.script} of ${source.exportDir} as Ray job ${source.submissionId} to ${source.address}`] : []
        const record: VerlImport = { config: job.config, rows: [], rollouts: new Map(), notes }
        writeVerlRun(record, { runsDir: this.options.runsDir, id, name: job.runName, createdAt: new Date().toISOString() })
        ids.push(id)
      })
    } catch (error) {
      if (ids.length === 0) throw asRequestError(error, error instanceof RayApiError ? 'request.address' : 'request.exportDir')
      // Jobs the cluster already runs are recorded and followed; the error reaches their log.
      for (const id of ids) await this.options.runs.adopt(id, true)
      throw new RequestError(`${(error as Error).message} (after ${ids.length} job(s) were submitted; they are in the runs list)`, 'request.exportDir')
    }
    const runs: RunSummary[] = []
    for (const id of ids) runs.push(await this.options.runs.adopt(id, true))
    return runs
  }
}
