// A workspace dataset as the loop's ProblemSource, on real dataset folders: split selection, the overlong-prompt
// filter, the seeded per-epoch order, SFT demonstrations from worked solutions, step labels carried to validation
// problems, and grading through the verifier pool (a verifier that throws scores 0 and says why).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { DATASET_TASK_DEFAULTS, DatasetVerifier, PLAIN_PROMPT, type DatasetTask } from '../../../src-preload/contract/rl-config'
import { CharTokenizer } from '../../model/tokenizers/char-tokenizer'
import type { NormalisedRow } from '../../tasks/import/types'
import { Verification, VERIFIER_NAMES } from '../../tasks/verification'
import { DatasetProblemSource, readDatasetSplits } from './dataset-source'
import { promptEncoder } from './prompt-encoder'

const root = mkdtempSync(join(tmpdir(), 'prime-dataset-source-'))
const verifications: Verification[] = []
afterAll(async () => {
  for (const v of verifications) await v.close()
  rmSync(root, { recursive: true, force: true })
})

function writeDataset(id: string, rows: Partial<NormalisedRow>[]): void {
  mkdirSync(join(root, id))
  writeFileSync(join(root, id, 'meta.json'), JSON.stringify({ id, name: `set ${id}` }))
  const full = rows.map((r, i) => ({ id: `r${i}`, prompt: `q${i}`, reference: '1', verifier: 'math', dataSource: 'x', ability: 'math', split: 'train', ...r }))
  writeFileSync(join(root, id, 'rows.jsonl'), `${full.map((r) => JSON.stringify(r)).join('\n')}\n`)
}

const tokenizer = new CharTokenizer()
const prompts = promptEncoder(PLAIN_PROMPT, tokenizer, 'chars')
const task = (over: Partial<DatasetTask> = {}): DatasetTask => ({ ...DATASET_TASK_DEFAULTS, dataset: 'd1', prompt: PLAIN_PROMPT, ...over })
const verification = () => {
  const v = new Verification({ pool: { size: 1, timeoutMs: 10_000 } })
  verifications.push(v)
  return v
}

describe('DatasetProblemSource', () => {
  writeDataset('d1', [
    ...Array.from({ length: 6 }, (_, i) => ({ prompt: `what is ${i} + 1`, reference: String(i + 1), ...(i % 2 ? { extra: { solution: `${i}+1=${i + 1}\n\\boxed{${i + 1}}` } } : {}) })),
    { prompt: 'x'.repeat(200), reference: '0' },
    { prompt: 'validate me', reference: '3', split: 'validation', stepLabels: { steps: ['a', 'b'], correct: [false, null] } },
    { prompt: 'y'.repeat(300), reference: '0', split: 'validation' },
    { prompt: 'test row', reference: '9', split: 'test' },
  ])

  it('serves the train split, leaves out and counts overlong prompts, and keeps step labels for validation', async () => {
    const splits = await readDatasetSplits(root, task())
    expect(splits.train).toHaveLength(7)
    const source = new DatasetProblemSource(task({ maxPromptTokens: 64, shuffle: false }), splits, prompts, 1, verification())
    expect(source.dataMetrics).toEqual({ 'data/train_prompts': 6, 'data/overlong_prompts': 2 })
    expect(source.validation.map((p) => p.prompt)).toEqual(['validate me'])
    expect(source.validation[0]!.stepLabels).toEqual({ steps: ['a', 'b'], correct: [false, null] })
    expect(source.take(8).map((i) => source.problem(i).prompt)).toEqual([0, 1, 2, 3, 4, 5, 0, 1].map((i) => `what is ${i} + 1`))
  })

  it('visits every row once per epoch, in a seeded order that changes per epoch', async () => {
    const splits = await readDatasetSplits(root, task())
    const a = new DatasetProblemSource(task({ maxPromptTokens: 64 }), splits, prompts, 7, verification())
    const b = new DatasetProblemSource(task({ maxPromptTokens: 64 }), splits, prompts, 7, verification())
    const ids = (s: DatasetProblemSource) => s.take(12).map((i) => s.problem(i).id)
    const order = ids(a)
    expect(ids(b)).toEqual(order)
    expect(new Set(order.slice(0, 6)).size).toBe(6)
    expect(new Set(order.slice(6)).size).toBe(6)
    expect(order.slice(0, 6)).not.toEqual(order.slice(6))
  })

  it('draws SFT demonstrations from rows with a worked solution, and says when there are none', async () => {
    const splits = await readDatasetSplits(root, task())
    const source = new DatasetProblemSource(task({ maxPromptTokens: 64 }), splits, prompts, 1, verification())
    const demos = source.demonstrations(3, 7)
    expect(new Set(demos.map((d) => d.problem.id))).toEqual(new Set(['r1', 'r3', 'r5']))
    expect(demos.every((d) => d.response.endsWith(`\\boxed{${d.problem.answer}}`))).toBe(true)
    writeDataset('bare', [{ prompt: 'a' }, { prompt: 'b', split: 'validation' }])
    const bare = new DatasetProblemSource(task({ dataset: 'bare' }), await readDatasetSplits(root, task({ dataset: 'bare' })), prompts, 1, verification())
    expect(() => bare.demonstrations(1, 1)).toThrow(/^sft\.steps: .*no worked solutions/)
  })

  it('grades through the pool; a verifier error scores 0 with its reason', async () => {
    const splits = await readDatasetSplits(root, task())
    const source = new DatasetProblemSource(task({ maxPromptTokens: 64, shuffle: false }), splits, prompts, 1, verification())
    const problem = source.problem(0)
    const [right, wrong] = await source.grader.verify([
      { problem, response: 'so \\boxed{1}' },
      { problem, response: 'so \\boxed{2}' },
    ])
    expect([right!.score, wrong!.score]).toEqual([1, 0])
    const code = new DatasetProblemSource(task({ maxPromptTokens: 64, verifier: 'code' }), splits, prompts, 1, verification())
    const [broken] = await code.grader.verify([{ problem, response: 'print(1)' }])
    expect(broken!.score).toBe(0)
    expect(broken!.detail).toMatch(/error|test/i)
    expect(source.grader.steps(problem, 'one\ntwo')).toEqual([
      { start: 0, end: 3, text: 'one', truth: null },
      { start: 4, end: 7, text: 'two', truth: null },
    ])
  })

  it('names every verifier a dataset task may use, exactly the Verification ones', () => {
    expect([...DatasetVerifier.options].sort()).toEqual([...VERIFIER_NAMES].sort())
  })
})
