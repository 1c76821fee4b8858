// What every shape reader returns for one record: a normalised row before the importer gives it an id and a split.
import type { RecordContext } from '../fields'
import type { ChatMessage, FieldMapping, JsonValue } from '../types'

export interface ShapedRow {
  /** The source's own id, where it has one. */
  sourceId?: string
  prompt: string
  messages?: ChatMessage[]
  reference: string
  verifier: string
  dataSource: string
  ability: string
  extra?: Record<string, JsonValue>
}

export interface ShapeSettings {
  /** Verifier for every row, overriding the shape's default. */
  verifier?: string
  /** data_source for records that carry none. */
  dataSource: string
  mapping?: FieldMapping
}

export type ShapeReader = (record: Record<string, unknown>, ctx: RecordContext) => ShapedRow
