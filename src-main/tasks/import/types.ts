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
  /** Every source field the row did not consume, by its source name (JSON-safe). */
  extra?: Record<string, JsonValue>
  /**
   * Human step labels of a worked solution (ProcessBench-style `steps` + first-error `label`, or per-step `labels`):
   * the solution's steps in order and each step's verdict, null where it was not labelled (after the first error).
   */
  stepLabels?: { steps: string[]; correct: (boolean | null)[] }
}

/** The public format names; 'auto' sniffs one with detectFormat. */
export type DatasetFormat = 'verl-parquet' | 'verl-jsonl' | 'gsm8k' | 'math' | 'mapped-jsonl' | 'csv'
export const DATASET_FORMATS: readonly DatasetFormat[] = ['verl-parquet', 'verl-jsonl', 'gsm8k', 'math', 'mapped-jsonl', 'csv']

/** How records are stored in the file. */
export type Container = 'jsonl' | 'csv' | 'parquet'
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
  /** The reference answer. One of `answer` and `solution` is required. */
  answer?: string
  /** A worked solution whose last \boxed{...} is the reference (MATH style). */
  solution?: string
  id?: string
  dataSource?: string
  ability?: string
}
export const MAPPING_KEYS: readonly (keyof FieldMapping)[] = ['prompt', 'answer', 'solution', 'id', 'dataSource', 'ability']

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
  /** Verifier name for every row, overriding the shape's default. */
  verifier?: string
  /** data_source for rows whose record has none (default: the file name without its extension). */
  dataSource?: string
  /** Called as the source file is read (bytes, not rows: row counts are unknown until the end). */
  onProgress?: (bytesRead: number, totalBytes: number) => void
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
  createdAt: string
  importerVersion: number
}
