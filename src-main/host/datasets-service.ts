// Datasets in the workspace: one folder each, written by the importer (../tasks/import): rows.jsonl (normalised
// rows) and meta.json (format, splits, statistics). An import that fails leaves nothing behind.
import { createReadStream, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import type { z } from 'zod'
import { DatasetSummary, type FieldMapping, type SplitPlan } from '../../src-preload/contract/schemas'
import { parseOrThrow } from '../../src-preload/contract/validation'
import { importDataset } from '../tasks/import'
import type { DatasetFormat } from '../tasks/import/types'
import type { EventBus } from './event-bus'
import { newId } from './workspace'

const META = 'meta.json'
const ROWS = 'rows.jsonl'
/** At most this many progress events per second per import. */
const PROGRESS_INTERVAL_MS = 100

export class DatasetError extends Error {
  constructor(
    message: string,
    readonly field: string | null = null,
  ) {
    super(message)
    this.name = 'DatasetError'
  }
}

export interface ImportRequest {
  name: string
  path: string
  format: 'auto' | DatasetFormat
  mapping?: z.infer<typeof FieldMapping>
  splits?: z.infer<typeof SplitPlan>
}

export class DatasetService {
  constructor(
    private readonly dir: string,
    private readonly bus: EventBus,
  ) {}

  list(): DatasetSummary[] {
    return readdirSync(this.dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && existsSync(join(this.dir, entry.name, META)))
      .map((entry) => {
        const path = join(this.dir, entry.name, META)
        return parseOrThrow(DatasetSummary, JSON.parse(readFileSync(path, 'utf8')), path, 'meta')
      })
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
  }

  async import(request: ImportRequest): Promise<DatasetSummary> {
    const id = newId('ds')
    let last = 0
    await importDataset({
      source: request.path,
      targetDir: join(this.dir, id),
      name: request.name,
      id,
      format: request.format,
      ...(request.mapping ? { mapping: request.mapping } : {}),
      ...(request.splits ? { splits: request.splits } : {}),
      onProgress: (bytesRead, totalBytes) => {
        const now = Date.now()
        if (now - last < PROGRESS_INTERVAL_MS && bytesRead < totalBytes) return
        last = now
        this.bus.emit({ type: 'dataset.progress', path: request.path, bytesRead, totalBytes })
      },
    })
    this.bus.emit({ type: 'datasets.changed' })
    return this.get(id)
  }

  get(id: string): DatasetSummary {
    const meta = this.list().find((d) => d.id === id)
    if (!meta) throw new DatasetError(`no dataset with id ${id}`, 'id')
    return meta
  }

  async rows(id: string, offset: number, limit: number): Promise<{ total: number; rows: Record<string, unknown>[] }> {
    const meta = this.get(id)
    const rows: Record<string, unknown>[] = []
    const lines = createInterface({ input: createReadStream(join(this.dir, id, ROWS), 'utf8'), crlfDelay: Infinity })
    let index = 0
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
    rmSync(join(this.dir, id), { recursive: true, force: true })
    this.bus.emit({ type: 'datasets.changed' })
  }
}
