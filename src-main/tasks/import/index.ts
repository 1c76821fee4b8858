// The dataset importer's public surface (README.md describes the on-disk form it writes).
export { importDataset, IMPORTER_VERSION, META_FILE, ROWS_FILE } from './import-dataset'
export { detectFormat } from './detect-format'
export { DatasetImportError } from './errors'
export { answerKind } from './answer-kind'
export { lastBoxed } from './last-boxed'
export type * from './types'
