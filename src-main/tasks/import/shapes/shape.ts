// What every shape reader returns for one record: a normalised row before the importer gives it an id and a split.
import type { RecordContext } from '../fields'
import type { FieldMapping, NormalisedRow } from '../types'

export type ShapedRow = Omit<NormalisedRow, 'id' | 'split'> & {
  /** The source's own id, where it has one. */
  sourceId?: string
}

export interface ShapeSettings {
  /** Verifier for every row, overriding the shape's default. */
  verifier?: string
  /** data_source for records that carry none. */
  dataSource: string
  mapping?: FieldMapping
}

export type ShapeReader = (record: Record<string, unknown>, ctx: RecordContext) => ShapedRow
