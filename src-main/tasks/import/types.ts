// The normalised dataset row, the metadata written beside the rows, and the import options. README.md in this folder
// documents the on-disk form these types describe.

export type Split = 'train' | 'validation' | 'test'
export const SPLITS: readonly Split[] = ['train', 'validation', 'test']

export interface ChatMessage {
  role: string
  content: string
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue }

/** One line of rows.jsonl. */
export interface NormalisedRow {
  /** Unique within the dataset: the source's `id` field where it has one, else `line-N` / `row-N` of the source. */
  id: string
  /** The user text the policy is asked (for a chat prompt: the content of its last user message). */
  prompt: string
  /** The full chat message list, for sources whose prompt is one (verl). */
  messages?: ChatMessage[]
  /** The reference answer the verifier grades against. */
  reference: string
  /** 'math' | 'code' | 'exact' | a task name: which verifier grades this row. */
  verifier: string
  dataSource: string
  ability: string
  split: Split
  /**
   * Human labels of a given solution's steps, where the source has them (ProcessBench's first-error `label`, or
   * per-step `labels`): `correct[i]` judges `steps[i]` — true, false, or null for a step nobody judged (the steps
   * after ProcessBench's first error; a neutral PRM800K rating). Same length as `steps`.
   */
  stepLabels?: StepLabels
  /** Every source field the row did not consume, by its source name (JSON-safe). */
  extra?: Record<string, JsonValue>
}

export interface StepLabels {
  steps: string[]
  correct: (boolean | null)[]
}

/** The public format names; 'auto' sniffs one with detectFormat. */
export type DatasetFormat = 'verl-parquet' | 'verl-jsonl' | 'gsm8k' | 'math' | 'mapped-jsonl' | 'csv' | 'json' | 'parquet'
export const DATASET_FORMATS: readonly DatasetFormat[] = ['verl-parquet', 'verl-jsonl', 'gsm8k', 'math', 'mapped-jsonl', 'csv', 'json', 'parquet']

/** How records are stored in the file. `json`: one JSON document, an array of records or pandas column-oriented. */
export type Container = 'jsonl' | 'csv' | 'parquet' | 'json'
/** What a record looks like. */
export type Shape = 'verl' | 'gsm8k' | 'math' | 'mapped'

/**
 * Names the source fields of a record that is in none of the known shapes. Each value is a field name or a dotted
 * path into nested objects/arrays (`"reward_model.ground_truth"`, `"prompt.0.content"`); a key that exists as written
 * (a CSV header with a dot in it) wins over the dotted reading.
 */
export interface FieldMapping {
  /** The prompt: a string, or a chat message list like verl's. */
  prompt: string
  /** The reference answer. Exactly one of `answer`, `solution` and `tests` is required. */
  answer?: string
  /** A worked solution whose last \boxed{...} is the reference (MATH style). */
  solution?: string
  /** MBPP-style assert statements (a list of strings): the reference is a test suite for the code verifier. */
  tests?: string
  /** Code run before the asserts (MBPP's `test_setup_code`); only with `tests`. */
  testSetup?: string
  id?: string
  dataSource?: string
  ability?: string
  /** A given solution's steps (a list of strings), labelled by `label` or `labels`. */
  steps?: string
  /** ProcessBench: the index of the first wrong step, -1 when every step is right. */
  label?: string
  /** Per-step labels: booleans, or ratings 1 (right) / 0 (neutral) / -1 (wrong). */
  labels?: string
}
export const MAPPING_KEYS: readonly (keyof FieldMapping)[] = ['prompt', 'answer', 'solution', 'tests', 'testSetup', 'id', 'dataSource', 'ability', 'steps', 'label', 'labels']

export interface SplitPlan {
  /** Fraction of the rows (after de-duplication) that go to validation, in [0, 1]. */
  validation: number
  /** Fraction that goes to test; validation + test <= 1. The rest is train. */
  test: number
  /** Seed of the shuffle that picks them: the same seed and rows give the same splits. */
  seed: number
}

export interface ImportOptions {
  /** The file to import. */
  source: string
  /** The dataset folder to create; it must not exist yet. Its name is the dataset id unless `id` is given. */
  targetDir: string
  /** Display name. */
  name: string
  id?: string
  format?: 'auto' | DatasetFormat
  mapping?: FieldMapping
  /** Seeded train/validation/test split. Without it every row gets `split`. */
  splits?: SplitPlan
  /** The split of every row when `splits` is not given (default 'train'). */
  split?: Split
  /** Verifier name for every row, overriding the shape's default (see `chooseVerifier`). */
  verifier?: string
  /**
   * Skip records that cannot be read (malformed, missing or wrong fields, repeated ids) instead of failing the
   * import; each is listed in meta.json's `skipped`. Problems with the whole file still fail it.
   */
  skipBadRows?: boolean
  /** data_source for rows whose record has none (default: the file name without its extension). */
  dataSource?: string
  /** Called as the source file is read (bytes, not rows: row counts are unknown until the end). */
  onProgress?: (bytesRead: number, totalBytes: number) => void
  /** Parquet: called before each row group is decoded. */
  onRowGroup?: (index: number, firstRow: number, rows: number) => void
  /** Parquet: bound on one row group's decompressed bytes (default 512 MiB, parquet-limits.ts). */
  maxRowGroupBytes?: number
  signal?: AbortSignal
}

export type AnswerKind = 'integer' | 'decimal' | 'fraction' | 'tuple' | 'interval' | 'latex' | 'text'
export const ANSWER_KINDS: readonly AnswerKind[] = ['integer', 'decimal', 'fraction', 'tuple', 'interval', 'latex', 'text']

export interface LengthStatistics {
  /** Bucket lower edges in characters (Unicode code points); bucket i is [edges[i], edges[i+1]), the last is open. */
  edges: number[]
  counts: number[]
  min: number
  max: number
  mean: number
  p50: number
  p90: number
  p99: number
}

export interface DatasetStatistics {
  promptChars: LengthStatistics
  referenceChars: LengthStatistics
  answerKinds: Record<AnswerKind, number>
  verifiers: Record<string, number>
  dataSources: Record<string, number>
}

/** A record an import with `skipBadRows` left out, and why (a located error's parts; no content of the record). */
export interface SkippedRow {
  /** 1-based line (JSONL, CSV). */
  line?: number
  /** 0-based row (Parquet, JSON documents). */
  row?: number
  field: string | null
  reason: string
}

/** meta.json. Its id/name/rows/source/createdAt match the host's DatasetSummary. */
export interface DatasetMeta {
  id: string
  name: string
  /** Absolute path of the imported file. */
  source: string
  format: DatasetFormat
  container: Container
  shape: Shape
  mapping?: FieldMapping
  rows: number
  splits: Record<Split, number>
  splitPlan: SplitPlan | { all: Split }
  /** Rows dropped because their normalised prompt repeated an earlier row's. */
  duplicatesRemoved: number
  /** Of those, how many had a reference different from the kept row's (a sign of label noise in the source). */
  duplicatesWithOtherReference: number
  statistics: DatasetStatistics
  /** The verifier every row got, or null when it is chosen per row (verl's `ability`); and why. */
  verifier: string | null
  verifierReason: string
  /** Records left out by `skipBadRows` (all of them counted, the first MAX_SKIPPED_LISTED listed). */
  skippedRows: number
  skipped: SkippedRow[]
  /** Rows that carry step labels. */
  rowsWithStepLabels: number
  createdAt: string
  importerVersion: number
}
