import { describe, expect, it } from 'vitest'
import { parseImportError } from './import-error'

describe('parseImportError', () => {
  it('finds file, line and field of a located error', () => {
    expect(parseImportError('train.jsonl: line 2: field answer: no "####" before the final answer')).toEqual({
      file: 'train.jsonl',
      location: 'line 2',
      field: 'answer',
      problem: 'no "####" before the final answer',
    })
    expect(parseImportError('gsm8k.parquet: row 17: field reward_model.ground_truth: expected a string, got null')).toMatchObject({
      location: 'row 17',
      field: 'reward_model.ground_truth',
    })
  })

  it('handles a missing field or location', () => {
    expect(parseImportError('bad data.jsonl: line 3: not valid JSON: Unexpected token')).toEqual({
      file: 'bad data.jsonl',
      location: 'line 3',
      field: null,
      problem: 'not valid JSON: Unexpected token',
    })
    expect(parseImportError('empty.csv: the file is empty')).toEqual({ file: 'empty.csv', location: null, field: null, problem: 'the file is empty' })
    expect(parseImportError('data.jsonl: field mapping: format gsm8k needs no mapping')).toMatchObject({ location: null, field: 'mapping' })
  })

  it('leaves other messages alone', () => {
    expect(parseImportError('datasets.import: invalid request.mapping.answer: map either answer or solution')).toBeNull()
    expect(parseImportError('connection to the workbench host was lost')).toBeNull()
    expect(parseImportError('no dataset with id ds-1')).toBeNull()
  })
})
