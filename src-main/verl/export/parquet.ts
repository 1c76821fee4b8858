// verl's RL dataset as Parquet (one row per prompt), with the nested schema pandas/pyarrow give it — what verl's
// RLHFDataset reads (verl/utils/dataset/rl_dataset.py @ VERL_COMMIT): data_source, prompt (a LIST of
// STRUCT{role, content}), ability, reward_model STRUCT{style, ground_truth}, extra_info STRUCT{split, index,
// problem_id}. Written with hyparquet-writer.
import { parquetWriteFile } from 'hyparquet-writer'
import type { ExportRow } from './export-rows'

const TEXT = { type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' } as const

const SCHEMA = [
  { name: 'schema', num_children: 5 },
  { name: 'data_source', ...TEXT },
  { name: 'prompt', repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
  { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
  { name: 'element', repetition_type: 'OPTIONAL', num_children: 2 },
  { name: 'role', ...TEXT },
  { name: 'content', ...TEXT },
  { name: 'ability', ...TEXT },
  { name: 'reward_model', repetition_type: 'OPTIONAL', num_children: 2 },
  { name: 'style', ...TEXT },
  { name: 'ground_truth', ...TEXT },
  { name: 'extra_info', repetition_type: 'OPTIONAL', num_children: 3 },
  { name: 'split', ...TEXT },
  { name: 'index', type: 'INT64', repetition_type: 'OPTIONAL' },
  { name: 'problem_id', ...TEXT },
] as const

export function writeRlParquet(path: string, rows: readonly ExportRow[]): void {
  parquetWriteFile({
    filename: path,
    schema: SCHEMA.map((element) => ({ ...element })),
    columnData: [
      { name: 'data_source', data: rows.map((r) => r.dataSource) },
      { name: 'prompt', data: rows.map((r) => r.prompt) },
      { name: 'ability', data: rows.map((r) => r.ability) },
      // verl's rule-based scorers: reward_model.style "rule", the reference in ground_truth.
      { name: 'reward_model', data: rows.map((r) => ({ style: 'rule', ground_truth: r.groundTruth })) },
      // INT64 columns take bigints.
      { name: 'extra_info', data: rows.map((r) => ({ split: r.split, index: BigInt(r.index), problem_id: r.problemId })) },
    ],
    rowGroupSize: 10_000,
    codec: 'SNAPPY',
  })
}
