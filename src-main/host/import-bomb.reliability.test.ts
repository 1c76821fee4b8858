// Issue 10: a small Parquet file that expands to gigabytes took the host down (out of memory), orphaning its
// trainers. Here a host process with a small heap of its own imports two such files through the dataset service;
// it must survive, report each with the file and row group named, leave nothing in the workspace, and go on to
// import a good file.
import { execFile } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { makeTempDir, writeDecompressionBomb, writeJsonl, writeRowCountBomb } from '../tasks/import/testing-fixtures'

const exec = promisify(execFile)
const { dir, cleanup } = makeTempDir('import-bomb')
afterAll(cleanup)

/** The host side, run in a child process whose own heap is 160 MiB: imports each file, prints each outcome. */
const HOST_SCRIPT = `
import { DatasetService } from ${JSON.stringify(resolve(import.meta.dirname, 'datasets-service.ts'))}
import { EventBus } from ${JSON.stringify(resolve(import.meta.dirname, 'event-bus.ts'))}
const [datasetsDir, ...files] = process.argv.slice(1)
const service = new DatasetService(datasetsDir, new EventBus(), { importWorker: { memoryMiB: 96, maxRowGroupBytes: 48 * 2 ** 20 } })
for (const path of files) {
  const outcome = await service.import({ name: 'x', path, format: 'auto', mapping: { prompt: 'question', answer: 'answer' } })
    .then((d) => ({ rows: d.rows }), (e) => ({ error: e.message }))
  console.log(JSON.stringify(outcome))
}
`

describe('a Parquet decompression bomb does not take the host down', () => {
  it('refuses both kinds of bomb by name and goes on working', async () => {
    const datasets = join(dir, 'datasets')
    const { mkdirSync } = await import('node:fs')
    mkdirSync(datasets)
    // 64 MiB of answers in a ~70 kB file, over the host's 48 MiB per-row-group bound (default 512 MiB).
    const bytes = writeDecompressionBomb(join(dir, 'bytes.parquet'), 64, 1 << 20)
    // Four million rows from a few hundred bytes: the worker's heap, not the bytes, is what stops it.
    const rows = writeRowCountBomb(join(dir, 'rows.parquet'), 4_000_000)
    const good = writeJsonl(join(dir, 'good.jsonl'), [{ question: 'What is 6 times 7?', answer: '42' }])
    const { stdout } = await exec(process.execPath, ['--max-old-space-size=160', '--import', 'tsx', '--input-type=module', '-e', HOST_SCRIPT, datasets, bytes, rows, good], {
      timeout: 240_000,
    })
    const outcomes = stdout.trim().split('\n').map((line) => JSON.parse(line) as { rows?: number; error?: string })
    expect(outcomes[0]!.error).toBe('bytes.parquet: row 0: row group 0 (rows 0–63) expands to 64 MiB when decompressed, more than the import\'s limit of 48 MiB per row group')
    expect(outcomes[1]!.error).toMatch(/^rows\.parquet: row 0: row group 0 \(rows 0–3999999\): decoding needs more than the import's memory limit of 96 MiB/)
    expect(outcomes[2]).toEqual({ rows: 1 })
    expect(readdirSync(datasets).filter((name) => name.startsWith('.importing-'))).toEqual([])
  }, 300_000)
})
