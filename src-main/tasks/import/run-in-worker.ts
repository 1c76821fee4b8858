// Imports and previews run in a worker thread with a heap limit, so no file can take the process that asked for
// it down (issue 10: a Parquet decompression bomb ran the host out of memory and orphaned its trainers). Bytes are
// bounded inside the worker (parquet-limits.ts); objects and strings by the worker's heap. A worker that dies —
// out of memory, or a stack overflow in a dependency — becomes a DatasetImportError naming the file (and the Parquet
// row group it was decoding), and the staging folder it left is removed. Aborting terminates the worker.
import { readdirSync, rmSync } from 'node:fs'
import { totalmem } from 'node:os'
import { basename, dirname, join, resolve } from 'node:path'
import { Worker } from 'node:worker_threads'
import { workerScript } from '../worker-script'
import { NeedsMappingError } from './detect-format'
import { DatasetImportError } from './errors'
import type { SerialisedError, WorkerMessage, WorkerTask } from './import-worker'
import type { ImportPreview, PreviewOptions } from './preview'
import type { DatasetMeta, ImportOptions } from './types'

/** Default heap for one import: a quarter of the machine's memory, between 512 MiB and 4 GiB. */
export const DEFAULT_IMPORT_MEMORY_MIB = Math.min(4096, Math.max(512, Math.floor(totalmem() / 4 / 2 ** 20)))

export interface WorkerSettings {
  /** Heap limit of the import's worker, MiB (default DEFAULT_IMPORT_MEMORY_MIB). */
  memoryMiB?: number
  /** The worker entry; a bundled build passes its built import-worker.js (default: the sibling source). */
  workerUrl?: URL
  /** Bound on one Parquet row group's decompressed bytes (default MAX_ROW_GROUP_BYTES). */
  maxRowGroupBytes?: number
}

export function defaultImportWorkerUrl(): URL {
  const here = import.meta.url
  return new URL(here.endsWith('.ts') ? './import-worker.ts' : './import-worker.js', here)
}

export function importDatasetInWorker(options: ImportOptions, settings: WorkerSettings = {}): Promise<DatasetMeta> {
  const { onProgress, signal, ...rest } = options
  const targetDir = resolve(options.targetDir)
  const cleanUp = (): void => {
    const parent = dirname(targetDir)
    const prefix = `.importing-${basename(targetDir)}-`
    let entries: string[] = []
    try {
      entries = readdirSync(parent)
    } catch {
      return
    }
    for (const entry of entries) if (entry.startsWith(prefix)) rmSync(join(parent, entry), { recursive: true, force: true })
  }
  const bounded = settings.maxRowGroupBytes !== undefined ? { maxRowGroupBytes: settings.maxRowGroupBytes } : {}
  return runTask<DatasetMeta>({ task: 'import', options: { ...bounded, ...rest } }, options.source, settings, { onProgress, signal, onDeath: cleanUp })
}

export function previewImportInWorker(options: PreviewOptions, settings: WorkerSettings = {}): Promise<ImportPreview> {
  const { signal, ...rest } = options
  const bounded = settings.maxRowGroupBytes !== undefined ? { maxRowGroupBytes: settings.maxRowGroupBytes } : {}
  return runTask<ImportPreview>({ task: 'preview', options: { ...bounded, ...rest } }, options.source, settings, { signal })
}

interface TaskHooks {
  onProgress?: (bytesRead: number, totalBytes: number) => void
  signal?: AbortSignal
  /** After a worker ended without an answer (killed, out of memory, aborted). */
  onDeath?: () => void
}

function runTask<T>(task: WorkerTask, source: string, settings: WorkerSettings, hooks: TaskHooks): Promise<T> {
  const file = resolve(source)
  const memoryMiB = settings.memoryMiB ?? DEFAULT_IMPORT_MEMORY_MIB
  return new Promise<T>((resolvePromise, reject) => {
    hooks.signal?.throwIfAborted()
    const worker = new Worker(workerScript(settings.workerUrl ?? defaultImportWorkerUrl()), {
      workerData: task,
      resourceLimits: { maxOldGenerationSizeMb: memoryMiB, maxYoungGenerationSizeMb: Math.min(64, Math.max(16, memoryMiB / 16)) },
    })
    let settled = false
    let rowGroup: { index: number; firstRow: number; rows: number } | null = null
    let death: Error | null = null
    const settle = (outcome: () => void): void => {
      if (settled) return
      settled = true
      hooks.signal?.removeEventListener('abort', onAbort)
      outcome()
    }
    const onAbort = (): void => {
      death = hooks.signal?.reason instanceof Error ? hooks.signal.reason : new DOMException('aborted', 'AbortError')
      void worker.terminate()
    }
    hooks.signal?.addEventListener('abort', onAbort, { once: true })
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') hooks.onProgress?.(message.bytesRead, message.totalBytes)
      else if (message.type === 'rowGroup') rowGroup = message
      else if (message.type === 'done') settle(() => resolvePromise(message.result as T))
      else settle(() => reject(revive(message.error)))
    })
    worker.on('error', (error: Error & { code?: string }) => {
      death ??= error
    })
    worker.on('exit', () => {
      if (settled) return
      hooks.onDeath?.()
      settle(() => reject(deathError(file, death, rowGroup, memoryMiB)))
    })
  })
}

function deathError(file: string, cause: (Error & { code?: string }) | null, rowGroup: { index: number; firstRow: number; rows: number } | null, memoryMiB: number): Error {
  if (cause?.name === 'AbortError') return cause
  const where = rowGroup ? `row group ${rowGroup.index} (rows ${rowGroup.firstRow}–${rowGroup.firstRow + rowGroup.rows - 1})` : null
  const location = rowGroup ? { row: rowGroup.firstRow } : null
  if (cause?.code === 'ERR_WORKER_OUT_OF_MEMORY') {
    const problem = `${where ? `${where}: ` : ''}decoding needs more than the import's memory limit of ${memoryMiB.toLocaleString('en-US')} MiB (a decompression bomb, or row groups too large for this machine); the import was stopped and nothing was written`
    return new DatasetImportError(file, location, null, problem, { cause })
  }
  return new DatasetImportError(file, location, null, `the importer stopped unexpectedly${where ? ` in ${where}` : ''}: ${cause?.message.slice(0, 200) ?? 'its worker exited'}`, { cause })
}

function revive(error: SerialisedError): Error {
  const located = error.located
  if (!located) return Object.assign(new Error(error.message), { name: error.name })
  const location = located.line !== null ? { line: located.line } : located.row !== null ? { row: located.row } : null
  if (error.needsMapping) {
    const { container, fields, suggested } = error.needsMapping
    // The reason text is already in the problem; rebuild the error with the problem the worker wrote.
    return Object.assign(new NeedsMappingError(located.file, container, fields, suggested, ''), { message: error.message, problem: located.problem })
  }
  return new DatasetImportError(located.file, location, located.field, located.problem)
}
