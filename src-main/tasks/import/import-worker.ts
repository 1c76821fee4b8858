// Worker entry of run-in-worker.ts: runs one import or preview in its own worker thread (with its own heap limit)
// and reports progress, the Parquet row group being decoded, and the outcome to its parent.
import { parentPort, workerData } from 'node:worker_threads'
import { NeedsMappingError } from './detect-format'
import { DatasetImportError } from './errors'
import { importDataset } from './import-dataset'
import { previewImport, type PreviewOptions } from './preview'
import type { ImportOptions } from './types'

export type WorkerTask = { task: 'import'; options: ImportOptions } | { task: 'preview'; options: PreviewOptions }

export interface SerialisedError {
  name: string
  message: string
  /** Set for a DatasetImportError. */
  located?: { file: string; line: number | null; row: number | null; field: string | null; problem: string }
  /** Set for a NeedsMappingError. */
  needsMapping?: Pick<NeedsMappingError, 'container' | 'fields' | 'suggested'>
}

export type WorkerMessage =
  | { type: 'progress'; bytesRead: number; totalBytes: number }
  | { type: 'rowGroup'; index: number; firstRow: number; rows: number }
  | { type: 'done'; result: unknown }
  | { type: 'failed'; error: SerialisedError }

const port = parentPort
if (!port) throw new Error('import-worker must run inside a worker thread')
const post = (message: WorkerMessage): void => port.postMessage(message)

function serialise(error: unknown): SerialisedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) }
  const out: SerialisedError = { name: error.name, message: error.message }
  if (error instanceof DatasetImportError) out.located = { file: error.file, line: error.line, row: error.row, field: error.field, problem: error.problem }
  if (error instanceof NeedsMappingError) out.needsMapping = { container: error.container, fields: error.fields, suggested: error.suggested }
  return out
}

async function run(job: WorkerTask): Promise<unknown> {
  const onRowGroup = (index: number, firstRow: number, rows: number): void => post({ type: 'rowGroup', index, firstRow, rows })
  if (job.task === 'preview') return previewImport({ ...job.options, onRowGroup })
  return importDataset({ ...job.options, onProgress: (bytesRead, totalBytes) => post({ type: 'progress', bytesRead, totalBytes }), onRowGroup })
}

run(workerData as WorkerTask).then(
  (result) => post({ type: 'done', result }),
  (error: unknown) => post({ type: 'failed', error: serialise(error) }),
)
