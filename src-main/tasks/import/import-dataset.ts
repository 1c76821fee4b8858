// Imports one dataset file into the normalised on-disk form (README.md): a folder with rows.jsonl and meta.json.
//
// Everything happens in a staging folder beside the target that is renamed into place only when everything
// succeeded (and removed on any error, so a failed import leaves nothing behind). One streaming pass reads records →
// shapes them → de-duplicates → checks ids → gathers statistics → writes rows. A seeded split needs the row count
// first (so split sizes are exact), so it adds a second pass that rewrites each row's split in place.
import { randomUUID } from 'node:crypto'
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import { basename, dirname, extname, join, resolve } from 'node:path'
import { Deduplicator } from './dedup'
import { detectFormat, planFormat, type FormatPlan } from './detect-format'
import { DatasetImportError } from './errors'
import { fieldError } from './fields'
import { FingerprintTable, fingerprintOf } from './fingerprint-table'
import { JsonlWriter } from './jsonl-writer'
import { readLines } from './line-reader'
import { checkOptions } from './options'
import { locationKey, readRecords } from './records'
import { gsm8kReader } from './shapes/gsm8k'
import { mappedReader } from './shapes/mapped'
import { mathReader } from './shapes/math'
import type { ShapeReader, ShapeSettings } from './shapes/shape'
import { verlReader } from './shapes/verl'
import { assignSplits, SPLIT_CODES } from './splits'
import { GrowableInt32 } from './growable-int32'
import { StatisticsCollector } from './statistics'
import type { DatasetMeta, DatasetStatistics, ImportOptions, NormalisedRow, Split } from './types'

export const IMPORTER_VERSION = 1
export const ROWS_FILE = 'rows.jsonl'
export const META_FILE = 'meta.json'
const PENDING_FILE = 'rows.pending.jsonl'
/** The folder an import fills before renaming it into place (a host removes those an import left behind). */
export const IMPORT_STAGING_PREFIX = '.importing-'

export async function importDataset(options: ImportOptions): Promise<DatasetMeta> {
  const source = resolve(options.source)
  const targetDir = resolve(options.targetDir)
  checkOptions(source, options)
  await checkSource(source)
  if (await exists(targetDir)) throw new DatasetImportError(source, null, 'targetDir', `${targetDir} already exists; pick a new folder`)
  const format = options.format === undefined || options.format === 'auto' ? await detectFormat(source, { mapping: options.mapping }) : options.format
  const plan = await planFormat(source, format, options.mapping)
  if (plan.shape === 'mapped' && !options.mapping) throw new DatasetImportError(source, null, 'mapping', `format ${format} needs a field mapping`)
  if (plan.shape !== 'mapped' && options.mapping) {
    throw new DatasetImportError(source, null, 'mapping', `a field mapping applies to mapped-jsonl and csv, not to ${format}`)
  }
  const settings: ShapeSettings = {
    verifier: options.verifier,
    dataSource: options.dataSource ?? basename(source, extname(source)),
    mapping: options.mapping,
  }

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
  const writer = new JsonlWriter(target)
  try {
    for await (const { value, location } of readRecords(source, plan.container, options)) {
      const ctx = { file: source, location }
      const shaped = read(value, ctx)
      if (!dedup.admit(shaped.prompt, shaped.reference)) continue
      const id = shaped.sourceId ?? locationKey(location)
      const earlier = firstSeen.getOrInsert(fingerprintOf(id), location.line ?? location.row ?? 0)
      if (earlier !== undefined) {
        const at = location.line !== undefined ? `line ${earlier}` : `row ${earlier}`
        throw fieldError(ctx, idField, `duplicate id ${JSON.stringify(id)} (also at ${at})`)
      }
      statistics.add(shaped)
      const { line, splitOffset } = serialiseRow({ ...shaped, id, split })
      splitOffsets.push(splitOffset)
      await writer.writeLine(line)
    }
    await writer.close()
  } catch (error) {
    await writer.abandon()
    throw error
  }
  if (splitOffsets.length === 0) throw new DatasetImportError(source, null, null, 'the file holds no rows')
  return {
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
function serialiseRow(row: NormalisedRow & { sourceId?: string }): { line: string; splitOffset: number } {
  const head: Omit<NormalisedRow, 'extra'> = {
    id: row.id,
    prompt: row.prompt,
    messages: row.messages,
    reference: row.reference,
    verifier: row.verifier,
    dataSource: row.dataSource,
    ability: row.ability,
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

function shapeReader(plan: FormatPlan, settings: ShapeSettings): ShapeReader {
  switch (plan.shape) {
    case 'verl':
      return verlReader(settings)
    case 'gsm8k':
      return gsm8kReader(settings)
    case 'math':
      return mathReader(settings)
    case 'mapped': {
      const { mapping } = settings
      if (!mapping) throw new TypeError('shapeReader: the mapped shape needs a mapping (checked by importDataset)')
      return mappedReader({ ...settings, mapping })
    }
  }
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
