// Datasets in the workspace: each is a folder with rows.jsonl (one JSON object per line) and meta.json.
// Imports are written to a temporary folder and renamed into place only when complete, so a failed import leaves
// nothing behind.
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, createWriteStream } from 'node:fs'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { once } from 'node:events'
import { DatasetSummary } from '../../src-preload/contract/schemas'
import { parseOrThrow } from '../../src-preload/contract/validation'
import type { EventBus } from './event-bus'
import { newId } from './workspace'

const META = 'meta.json'
const ROWS = 'rows.jsonl'

export class DatasetError extends Error {
  constructor(
    message: string,
    readonly field: string | null = null,
  ) {
    super(message)
    this.name = 'DatasetError'
  }
}

export class DatasetService {
  constructor(
    private readonly dir: string,
    private readonly bus: EventBus,
  ) {}

  list(): DatasetSummary[] {
    return readdirSync(this.dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(this.dir, entry.name, META)))
      .map((entry) => {
        const path = join(this.dir, entry.name, META)
        return parseOrThrow(DatasetSummary, JSON.parse(readFileSync(path, 'utf8')), path, 'meta')
      })
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
  }

  /** Streams a JSONL file in; a bad line aborts the import with the file, line and reason. */
  async importJsonl(name: string, source: string): Promise<DatasetSummary> {
    if (!existsSync(source)) throw new DatasetError(`${source}: no such file`, 'path')
    const id = newId('ds')
    const staging = join(this.dir, `.importing-${id}`)
    mkdirSync(staging, { recursive: true })
    try {
      const rows = await copyValidatedJsonl(source, join(staging, ROWS))
      if (rows === 0) throw new DatasetError(`${source}: the file holds no rows`, 'path')
      const summary: DatasetSummary = { id, name, rows, source, createdAt: new Date().toISOString() }
      writeFileSync(join(staging, META), `${JSON.stringify(summary, null, 2)}\n`)
      renameSync(staging, join(this.dir, id))
      this.bus.emit({ type: 'datasets.changed' })
      return summary
    } catch (error) {
      rmSync(staging, { recursive: true, force: true })
      throw error
    }
  }

  async rows(id: string, offset: number, limit: number): Promise<{ total: number; rows: Record<string, unknown>[] }> {
    const meta = this.list().find((d) => d.id === id)
    if (!meta) throw new DatasetError(`no dataset with id ${id}`, 'id')
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
    if (!this.list().some((d) => d.id === id)) throw new DatasetError(`no dataset with id ${id}`, 'id')
    rmSync(join(this.dir, id), { recursive: true, force: true })
    this.bus.emit({ type: 'datasets.changed' })
  }
}

async function copyValidatedJsonl(source: string, target: string): Promise<number> {
  const out = createWriteStream(target, 'utf8')
  const lines = createInterface({ input: createReadStream(source, 'utf8'), crlfDelay: Infinity })
  let lineNumber = 0
  let rows = 0
  try {
    for await (const line of lines) {
      lineNumber += 1
      if (line.trim() === '') continue
      let value: unknown
      try {
        value = JSON.parse(line)
      } catch (error) {
        throw new DatasetError(`${source}:${lineNumber}: not valid JSON (${(error as Error).message})`, 'path')
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new DatasetError(`${source}:${lineNumber}: expected a JSON object per line, got ${Array.isArray(value) ? 'an array' : typeof value}`, 'path')
      }
      if (!out.write(`${JSON.stringify(value)}\n`)) await once(out, 'drain')
      rows += 1
    }
  } finally {
    lines.close()
    out.end()
    await once(out, 'close')
  }
  return rows
}
