// Imports one dataset file into the normalised on-disk form (README.md): a folder with rows.jsonl and meta.json.
//
// Everything happens in a staging folder beside the target that is renamed into place only when everything
// succeeded (and removed on any error, so a failed import leaves nothing behind). One streaming pass reads records →
// shapes them → de-duplicates → checks ids → gathers statistics → writes rows; with `skipBadRows` a record that
// fails any of these is listed and left out instead. A seeded split needs the row count first (so split sizes are
// exact), so it adds a second pass that rewrites each row's split in place.
import { randomUUID } from 'node:crypto'
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import { basename, dirname, extname, join, resolve } from 'node:path'
import { Deduplicator } from './dedup'
import { inspectFile, type FormatPlan } from './detect-format'
import { importVerifier } from './import-verifier'
import { DatasetImportError } from './errors'
import { fieldError } from './fields'
import { FingerprintTable, fingerprintOf } from './fingerprint-table'
import { JsonlWriter } from './jsonl-writer'
import { readLines } from './line-reader'
import { checkOptions } from './options'
import { locationKey, readRecords } from './records'
import { shapeReader } from './shapes/readers'
import type { ShapeSettings } from './shapes/shape'
import { assignSplits, SPLIT_CODES } from './splits'
import { GrowableInt32 } from './growable-int32'
import { StatisticsCollector } from './statistics'
import type { DatasetMeta, DatasetStatistics, ImportOptions, NormalisedRow, SkippedRow, Split } from './types'

export const IMPORTER_VERSION = 2
export const ROWS_FILE = 'rows.jsonl'
export const META_FILE = 'meta.json'
const PENDING_FILE = 'rows.pending.jsonl'
/** The folder an import fills before renaming it into place (a host removes those an import left behind). */
export const IMPORT_STAGING_PREFIX = '.importing-'

/** Skipped records listed in meta.json (all are counted). */
export const MAX_SKIPPED_LISTED = 1000

export async function importDataset(options: ImportOptions): Promise<DatasetMeta> {
  const source = resolve(options.source)
  const targetDir = resolve(options.targetDir)
  checkOptions(source, options)
  await checkSource(source)
  if (await exists(targetDir)) throw new DatasetImportError(source, null, 'targetDir', `${targetDir} already exists; pick a new folder`)
  const { format, ...plan } = await inspectFile(source, options.format ?? 'auto', options.mapping, options)
  const base: ShapeSettings = { dataSource: options.dataSource ?? basename(source, extname(source)), mapping: options.mapping }
  const choice = await importVerifier(source, plan, base, options)
  const settings: ShapeSettings = { ...base, ...(choice.verifier !== null ? { verifier: choice.verifier } : {}) }

  await mkdir(dirname(targetDir), { recursive: true })
  // mkdir, not mkdtemp: mkdtemp's 0700 mode would carry over to the dataset folder.
  const staging = join(dirname(targetDir), `${IMPORT_STAGING_PREFIX}${basename(targetDir)}-${randomUUID().slice(0, 8)}`)
  await mkdir(staging)
  try {
    const rowsFile = join(staging, ROWS_FILE)
    const pending = join(staging, PENDING_FILE)
    const firstSplit = options.splits ? 'train' : (options.split ?? 'train')
    const normalised = await normalise(source, plan, settings, options.splits ? pending : rowsFile, firstSplit, options)
    let splits: Record<Split, number> = { train: 0, validation: 0, test: 0, [firstSplit]: normalised.rows }
    if (options.splits) {
      const codes = assignSplits(normalised.rows, options.splits)
      splits = await rewriteSplits(pending, rowsFile, normalised.splitOffsets, codes, options.signal)
      await rm(pending)
    }
    const meta: DatasetMeta = {
      id: options.id ?? basename(targetDir),
      name: options.name,
      source,
      format,
      container: plan.container,
      shape: plan.shape,
      ...(options.mapping ? { mapping: options.mapping } : {}),
      rows: normalised.rows,
      splits,
      splitPlan: options.splits ?? { all: firstSplit },
      duplicatesRemoved: normalised.duplicates,
      duplicatesWithOtherReference: normalised.duplicatesWithOtherReference,
      statistics: normalised.statistics,
      verifier: choice.verifier,
      verifierReason: choice.reason,
      skippedRows: normalised.skippedRows,
      skipped: normalised.skipped,
      rowsWithStepLabels: normalised.rowsWithStepLabels,
      createdAt: new Date().toISOString(),
      importerVersion: IMPORTER_VERSION,
    }
    await writeFile(join(staging, META_FILE), `${JSON.stringify(meta, null, 2)}\n`, { flag: 'wx' })
    options.signal?.throwIfAborted()
    await rename(staging, targetDir)
    return meta
  } catch (error) {
    await rm(staging, { recursive: true, force: true })
    throw error
  }
}

interface Normalised {
  rows: number
  /** Per row, where its split value starts in its line (for rewriteSplits). */
  splitOffsets: Int32Array
  duplicates: number
  duplicatesWithOtherReference: number
  statistics: DatasetStatistics
  skippedRows: number
  skipped: SkippedRow[]
  rowsWithStepLabels: number
}



/** The pass over the source: every record shaped, checked and written as a row with the given split. */
async function normalise(
  source: string,
  plan: FormatPlan,
  settings: ShapeSettings,
  target: string,
  split: Split,
  options: ImportOptions,
): Promise<Normalised> {
  const read = shapeReader(plan, settings)
  const idField = settings.mapping?.id ?? 'id'
  const dedup = new Deduplicator()
  const statistics = new StatisticsCollector()
  /** id → the line or row where it first appeared (fingerprinted: this table holds one entry per row). */
  const firstSeen = new FingerprintTable()
  const splitOffsets = new GrowableInt32()
  const skipped: SkippedRow[] = []
  let skippedRows = 0
  let rowsWithStepLabels = 0
  /** A record-level problem: listed when skipping bad rows, else the import's error. */
  const skip = (error: unknown): void => {
    if (!options.skipBadRows || !(error instanceof DatasetImportError) || (error.line === null && error.row === null)) throw error
    skippedRows += 1
    if (skipped.length < MAX_SKIPPED_LISTED) {
      skipped.push({ ...(error.line !== null ? { line: error.line } : { row: error.row! }), field: error.field, reason: error.problem })
    }
  }
  const writer = new JsonlWriter(target)
  try {
    for await (const record of readRecords(source, plan.container, options)) {
      let row: NormalisedRow
      try {
        if ('error' in record) throw record.error
        const { value, location } = record
        const ctx = { file: source, location }
        const shaped = read(value, ctx)
        if (!dedup.admit(shaped.prompt, shaped.reference)) continue
        const id = shaped.sourceId ?? locationKey(location)
        const earlier = firstSeen.getOrInsert(fingerprintOf(id), location.line ?? location.row ?? 0)
        if (earlier !== undefined) {
          // The id itself is not quoted: errors must not echo the file's content (issue 10, DNS rebinding).
          throw fieldError(ctx, idField, `this id repeats the one at ${location.line !== undefined ? 'line' : 'row'} ${earlier}`)
        }
        const { sourceId: _sourceId, ...rest } = shaped
        row = { ...rest, id, split }
      } catch (error) {
        skip(error)
        continue
      }
      statistics.add(row)
      if (row.stepLabels) rowsWithStepLabels += 1
      const { line, splitOffset } = serialiseRow(row)
      splitOffsets.push(splitOffset)
      await writer.writeLine(line)
    }
    await writer.close()
  } catch (error) {
    await writer.abandon()
    throw error
  }
  if (splitOffsets.length === 0) {
    const first = skipped[0]
    const problem =
      first === undefined
        ? 'the file holds no rows'
        : `all ${skippedRows} records were skipped as bad rows (the first at ${first.line !== undefined ? `line ${first.line}` : `row ${first.row}`}: ${first.field ? `field ${first.field}: ` : ''}${first.reason})`
    throw new DatasetImportError(source, null, null, problem)
  }
  return {
    skippedRows,
    skipped,
    rowsWithStepLabels,
    rows: splitOffsets.length,
    splitOffsets: splitOffsets.values(),
    duplicates: dedup.duplicates,
    duplicatesWithOtherReference: dedup.duplicatesWithOtherReference,
    statistics: statistics.result(),
  }
}

/**
 * One rows.jsonl line, fields in a fixed order with `split` last before `extra`, and where the split's JSON value
 * starts in it: rewriteSplits swaps that value without parsing the line again.
 */
function serialiseRow(row: NormalisedRow): { line: string; splitOffset: number } {
  const head: Omit<NormalisedRow, 'extra'> = {
    id: row.id,
    prompt: row.prompt,
    messages: row.messages,
    reference: row.reference,
    verifier: row.verifier,
    dataSource: row.dataSource,
    ability: row.ability,
    stepLabels: row.stepLabels,
    split: row.split,
  }
  const json = JSON.stringify(head)
  const splitOffset = json.length - 1 - JSON.stringify(row.split).length
  const line = row.extra === undefined ? json : `${json.slice(0, -1)},"extra":${JSON.stringify(row.extra)}}`
  return { line, splitOffset }
}

/** The second pass of a seeded split: each row's split value replaced by its assigned one. */
async function rewriteSplits(
  pending: string,
  target: string,
  offsets: Int32Array,
  codes: Uint8Array,
  signal: AbortSignal | undefined,
): Promise<Record<Split, number>> {
  const counts: Record<Split, number> = { train: 0, validation: 0, test: 0 }
  const written = JSON.stringify('train').length
  const writer = new JsonlWriter(target)
  try {
    let index = 0
    for await (const { text } of readLines(pending, { signal })) {
      const at = offsets[index]!
      const split = SPLIT_CODES[codes[index]!]!
      await writer.writeLine(`${text.slice(0, at)}${JSON.stringify(split)}${text.slice(at + written)}`)
      counts[split] += 1
      index += 1
    }
    await writer.close()
  } catch (error) {
    await writer.abandon()
    throw error
  }
  return counts
}

async function checkSource(source: string): Promise<void> {
  let info
  try {
    info = await stat(source)
  } catch {
    throw new DatasetImportError(source, null, null, 'no such file')
  }
  if (!info.isFile()) throw new DatasetImportError(source, null, null, 'not a file')
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path)
    return true
  } catch {
    return false
  }
}
