// The first step of an import: what the importer makes of a file before anything is written. The detected (or
// given) format, the file's fields, the mapping that will be used (given, or proposed when the file is in no known
// shape), the verifier with why, and the first rows as they would be imported, with the problems among them.
// It reads only the first PREVIEW_RECORDS records (and the sample the verifier choice needs).
import { basename, extname, resolve } from 'node:path'
import { NeedsMappingError, formatName, inspectFile, type Detection } from './detect-format'
import { DatasetImportError } from './errors'
import { importVerifier } from './import-verifier'
import { checkOptions } from './options'
import { locationKey, readRecords } from './records'
import { shapeReader } from './shapes/readers'
import type { Container, DatasetFormat, FieldMapping, ImportOptions, NormalisedRow, Shape, SkippedRow } from './types'

const PREVIEW_RECORDS = 20

export interface ImportPreview {
  format: DatasetFormat
  container: Container
  shape: Shape
  /** The first record's top-level fields (CSV/Parquet: the columns). */
  fields: string[]
  /** The mapping the rows below were read with: the one given, or the proposal for a file in no known shape. */
  mapping: FieldMapping | null
  mappingSuggested: boolean
  /** Why the file needs a mapping, when it was given none (the import fails with this message without one). */
  needsMapping: string | null
  verifier: string | null
  verifierReason: string
  /** The first rows as the import would write them (split: train). */
  rows: NormalisedRow[]
  /** Records among the first ones that would fail the import (or be skipped with skipBadRows). */
  problems: SkippedRow[]
  /** Records looked at. */
  sampled: number
}

export type PreviewOptions = Pick<ImportOptions, 'source' | 'format' | 'mapping' | 'verifier' | 'dataSource' | 'signal' | 'onRowGroup' | 'maxRowGroupBytes'>

export async function previewImport(options: PreviewOptions): Promise<ImportPreview> {
  const source = resolve(options.source)
  checkOptions(source, { ...options, name: 'preview', targetDir: source })
  let detection: Detection
  let mapping = options.mapping ?? null
  let needsMapping: string | null = null
  try {
    detection = await inspectFile(source, options.format ?? 'auto', options.mapping, options)
  } catch (error) {
    if (!(error instanceof NeedsMappingError)) throw error
    needsMapping = error.problem
    if (error.suggested === null) {
      const format = formatName(error.container, 'mapped')
      return { format, container: error.container, shape: 'mapped', fields: error.fields, mapping: null, mappingSuggested: false, needsMapping, verifier: null, verifierReason: '', rows: [], problems: [], sampled: 0 }
    }
    mapping = error.suggested
    detection = await inspectFile(source, options.format ?? 'auto', mapping, options)
  }
  const settings = { dataSource: options.dataSource ?? basename(source, extname(source)), ...(mapping ? { mapping } : {}) }
  const choice = await importVerifier(source, detection, settings, options)
  const read = shapeReader(detection, { ...settings, ...(choice.verifier !== null ? { verifier: choice.verifier } : {}) })
  const rows: NormalisedRow[] = []
  const problems: SkippedRow[] = []
  let sampled = 0
  for await (const record of readRecords(source, detection.container, options)) {
    sampled += 1
    try {
      if ('error' in record) throw record.error
      const { sourceId, ...shaped } = read(record.value, { file: source, location: record.location })
      rows.push({ ...shaped, id: sourceId ?? locationKey(record.location), split: 'train' })
    } catch (error) {
      if (!(error instanceof DatasetImportError) || (error.line === null && error.row === null)) throw error
      problems.push({ ...(error.line !== null ? { line: error.line } : { row: error.row! }), field: error.field, reason: error.problem })
    }
    if (sampled >= PREVIEW_RECORDS) break
  }
  return {
    format: detection.format,
    container: detection.container,
    shape: detection.shape,
    fields: detection.fields,
    mapping,
    mappingSuggested: mapping !== null && options.mapping === undefined,
    needsMapping,
    verifier: choice.verifier,
    verifierReason: choice.reason,
    rows,
    problems,
    sampled,
  }
}
