// Datasets in the workspace: one folder each, written by the importer (../tasks/import): rows.jsonl (normalised
// rows) and meta.json (format, splits, statistics). An import that fails leaves nothing behind. Files reach the
// importer three ways: a path on this machine, an upload from the page (dataset-uploads.ts), or problems generated
// from a built-in task (dataset-generate.ts); the last two go through a temporary file that is always deleted.
// Imports and previews run in a worker thread with a heap limit (../tasks/import/run-in-worker.ts), so no file can
// take the host (and the trainers it supervises) down. A preview comes first in the app and the CLI: what the
// importer makes of the file, before a mapping or verifier is settled and anything is written.
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { writeFileAtomicSync } from '../storage/atomic-file'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import type { z } from 'zod'
import { DatasetSummary, type FieldMapping, type ImportPreview, type RegradeResult, type SplitPlan, type SyntheticTaskInfo } from '../../src-preload/contract/schemas'
import { parseOrThrow } from '../../src-preload/contract/validation'
import { importDatasetInWorker, previewImportInWorker, type WorkerSettings } from '../tasks/import/run-in-worker'
import type { DatasetFormat } from '../tasks/import/types'
import { Verification } from '../tasks/verification'
import { RequestError } from './request-error'
import { checkSyntheticRequest, GENERATED_MAPPING, syntheticTaskInfos, writeSyntheticJsonl } from './dataset-generate'
import { regradeRows } from './dataset-regrade'
import { DatasetUploads } from './dataset-uploads'
import type { EventBus } from './event-bus'
import { LINE_STRIDE, lineOffsets } from './row-offsets'
import { newId } from './workspace'


const META = 'meta.json'
const ROWS = 'rows.jsonl'
export const UPLOADS_DIR = '.uploads'
export const GENERATING_PREFIX = '.generating-'
/** At most this many progress events per second per import or re-grade. */
const PROGRESS_INTERVAL_MS = 100

type Mapping = z.infer<typeof FieldMapping>
type Splits = z.infer<typeof SplitPlan>

/** What an import may choose beyond how the file reads. */
interface ImportChoices {
  /** The rows' verifier; default: chosen from the data (meta.json's verifierReason says how). */
  verifier?: string
  skipBadRows?: boolean
}

export interface ImportRequest extends ImportChoices {
  name: string
  path: string
  format: 'auto' | DatasetFormat
  mapping?: Mapping
  splits?: Splits
}

export interface PreviewRequest {
  path?: string
  uploadId?: string
  format: 'auto' | DatasetFormat
  mapping?: Mapping
  verifier?: string
}

export interface GenerateRequest {
  name: string
  task: string
  level: number
  count: number
  seed: number
  splits?: Splits
}

export interface UploadFinishRequest extends ImportChoices {
  uploadId: string
  name: string
  format: 'auto' | DatasetFormat
  mapping?: Mapping
  splits?: Splits
}

export interface DatasetServiceOptions {
  /** The verifier pool's worker script; a bundled host must pass its built verify-worker.js (see ../tasks/pool). */
  verifierWorkerUrl?: URL
  /** The import worker's script (a bundled host passes its built import-worker.js) and heap limit. */
  importWorker?: WorkerSettings
}

interface ImportJob extends ImportRequest {
  /** What meta.json records as the source when `path` is a temporary copy (an upload, a generated file). */
  sourceLabel?: string
  uploadId?: string
  dataSource?: string
}

/** Emits at most one event per PROGRESS_INTERVAL_MS, and always the final one. */
function throttled(emit: (done: number, total: number) => void): (done: number, total: number) => void {
  let last = 0
  return (done, total) => {
    const now = Date.now()
    if (now - last < PROGRESS_INTERVAL_MS && done < total) return
    last = now
    emit(done, total)
  }
}

export class DatasetService {
  readonly uploads: DatasetUploads
  private regrading: string | null = null
  private readonly offsets = new Map<string, Promise<number[]>>()

  constructor(
    private readonly dir: string,
    private readonly bus: EventBus,
    private readonly options: DatasetServiceOptions = {},
  ) {
    // What earlier hosts left here (uploads, generation files, import staging) is removed by host/leftovers.ts.
    this.uploads = new DatasetUploads(join(dir, UPLOADS_DIR))
  }

  list(): DatasetSummary[] {
    return readdirSync(this.dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && existsSync(join(this.dir, entry.name, META)))
      .map((entry) => {
        const path = join(this.dir, entry.name, META)
        return parseOrThrow(DatasetSummary, JSON.parse(readFileSync(path, 'utf8')), path, 'meta')
      })
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
  }

  import(request: ImportRequest): Promise<DatasetSummary> {
    return this.importFile(request)
  }

  /** What importing a file (a host path, or a complete upload) would give, without writing anything. */
  async preview(request: PreviewRequest): Promise<ImportPreview> {
    const path = request.uploadId !== undefined ? this.uploads.peek(request.uploadId).path : request.path
    if (path === undefined) throw new RequestError('give either path or uploadId', 'request.path')
    const preview = await previewImportInWorker(
      { source: path, format: request.format, ...(request.mapping ? { mapping: request.mapping } : {}), ...(request.verifier ? { verifier: request.verifier } : {}) },
      this.options.importWorker,
    )
    return { ...preview, mapping: preview.mapping as Record<string, string> | null, rows: preview.rows as unknown as Record<string, unknown>[] }
  }

  syntheticTasks(): SyntheticTaskInfo[] {
    return syntheticTaskInfos()
  }

  async generate(request: GenerateRequest): Promise<DatasetSummary> {
    const task = checkSyntheticRequest(request.task, request.level)
    const temp = join(this.dir, `${GENERATING_PREFIX}${newId('gen')}`)
    mkdirSync(temp)
    try {
      const file = join(temp, `${task.name}.jsonl`)
      await writeSyntheticJsonl(file, task, request.level, request.count, request.seed)
      return await this.importFile({
        name: request.name,
        path: file,
        format: 'mapped-jsonl',
        mapping: GENERATED_MAPPING,
        ...(request.splits ? { splits: request.splits } : {}),
        verifier: task.name,
        dataSource: task.name,
        sourceLabel: `generated: ${task.name} level ${request.level}, ${request.count} problems, seed ${request.seed}`,
      })
    } finally {
      rmSync(temp, { recursive: true, force: true })
    }
  }

  async finishUpload(request: UploadFinishRequest): Promise<DatasetSummary> {
    const file = this.uploads.take(request.uploadId)
    try {
      return await this.importFile({
        name: request.name,
        path: file.path,
        format: request.format,
        ...(request.mapping ? { mapping: request.mapping } : {}),
        ...(request.splits ? { splits: request.splits } : {}),
        ...(request.verifier ? { verifier: request.verifier } : {}),
        ...(request.skipBadRows ? { skipBadRows: true } : {}),
        uploadId: file.uploadId,
        sourceLabel: `upload: ${file.fileName}`,
      })
    } finally {
      this.uploads.discard(file.uploadId)
    }
  }

  async regrade(id: string, limit: number | undefined): Promise<RegradeResult> {
    const meta = this.get(id)
    if (this.regrading !== null) throw new RequestError(`a re-grade of ${this.regrading} is running; wait for it to finish`, 'request.id')
    this.regrading = id
    const total = Math.min(meta.rows, limit ?? meta.rows)
    const verification = new Verification({ pool: this.options.verifierWorkerUrl ? { workerUrl: this.options.verifierWorkerUrl } : {} })
    const progress = throttled((checked) => this.bus.emit({ type: 'dataset.regrade.progress', id, checked, total }))
    try {
      return await regradeRows({ rowsFile: join(this.dir, id, ROWS), limit: total, verification, onProgress: (checked) => progress(checked, total) })
    } finally {
      this.regrading = null
      await verification.close()
    }
  }

  get(id: string): DatasetSummary {
    const meta = this.list().find((d) => d.id === id)
    if (!meta) throw new RequestError(`no dataset with id ${id}`, 'id')
    return meta
  }

  async rows(id: string, offset: number, limit: number): Promise<{ total: number; rows: Record<string, unknown>[] }> {
    const meta = this.get(id)
    const rows: Record<string, unknown>[] = []
    const file = join(this.dir, id, ROWS)
    // Start reading at the nearest indexed line before `offset` (small offsets need no index).
    let start = 0
    let index = 0
    if (offset >= LINE_STRIDE) {
      const offsets = await this.lineOffsets(id, file)
      const k = Math.min(Math.floor(offset / LINE_STRIDE), offsets.length - 1)
      start = offsets[k] ?? 0
      index = k * LINE_STRIDE
    }
    const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8', start }), crlfDelay: Infinity })
    for await (const line of lines) {
      if (index >= offset + limit) break
      if (index >= offset) rows.push(JSON.parse(line) as Record<string, unknown>)
      index += 1
    }
    lines.close()
    return { total: meta.rows, rows }
  }

  delete(id: string): void {
    this.get(id)
    this.offsets.delete(id)
    rmSync(join(this.dir, id), { recursive: true, force: true })
    this.bus.emit({ type: 'datasets.changed' })
  }

  /** The dataset's line index, built on first use and kept (dataset ids are never reused). */
  private lineOffsets(id: string, file: string): Promise<number[]> {
    let offsets = this.offsets.get(id)
    if (!offsets) {
      offsets = lineOffsets(file)
      offsets.catch(() => this.offsets.delete(id))
      this.offsets.set(id, offsets)
    }
    return offsets
  }

  private async importFile(job: ImportJob): Promise<DatasetSummary> {
    const id = newId('ds')
    const eventPath = job.sourceLabel ?? job.path
    const progress = throttled((bytesRead, totalBytes) =>
      this.bus.emit({ type: 'dataset.progress', path: eventPath, bytesRead, totalBytes, ...(job.uploadId ? { uploadId: job.uploadId } : {}) }),
    )
    await importDatasetInWorker({
      source: job.path,
      targetDir: join(this.dir, id),
      name: job.name,
      id,
      format: job.format,
      ...(job.mapping ? { mapping: job.mapping } : {}),
      ...(job.splits ? { splits: job.splits } : {}),
      ...(job.verifier ? { verifier: job.verifier } : {}),
      ...(job.skipBadRows ? { skipBadRows: true } : {}),
      ...(job.dataSource ? { dataSource: job.dataSource } : {}),
      onProgress: progress,
    }, this.options.importWorker)
    if (job.sourceLabel) this.relabelSource(id, job.sourceLabel)
    this.bus.emit({ type: 'datasets.changed' })
    return this.get(id)
  }

  /** meta.json names the temporary copy it was read from; record where the data really came from instead. */
  private relabelSource(id: string, source: string): void {
    const path = join(this.dir, id, META)
    const meta = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>
    writeFileAtomicSync(path, `${JSON.stringify({ ...meta, source }, null, 2)}\n`)
  }
}
