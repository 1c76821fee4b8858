// The dataset importer's public surface (README.md describes the on-disk form it writes).
export { importDataset, IMPORTER_VERSION, MAX_SKIPPED_LISTED, META_FILE, ROWS_FILE } from './import-dataset'
export { detectFormat, NeedsMappingError } from './detect-format'
export { previewImport, type ImportPreview, type PreviewOptions } from './preview'
export { DatasetImportError } from './errors'
export { answerKind } from './answer-kind'
export { lastBoxed } from './last-boxed'
export type * from './types'
