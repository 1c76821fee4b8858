// Measured by hand, not in npm test (issue 11's closing numbers): a PRIME run on MATH-500 with a tiny random-weight
// Qwen2-layout checkpoint around the real Qwen3 tokenizer (vocabulary 151,936; chat template; maxPromptTokens),
// through the host and a real trainer, printing each iteration's time by phase; then the verifier pool's cost on
// MATH-style responses (the dataset's own worked solutions, graded against their references).
//   npx tsx src-main/rl/bench/dataset-run.measure.ts [--iterations 3] [--prompts 2] [--samples 4] [--response 48] [--max-prompt 192]
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { BOXED_INSTRUCTION, DATASET_TASK_DEFAULTS, LAPTOP_PRESET, type RlConfig } from '../../../src-preload/contract/rl-config'
import type { DatasetSummary, MetricsRow, RunSummary } from '../../../src-preload/contract/schemas'
import { formatTable } from '../../cli/format'
import { createHost } from '../../host/host'
import { forkSourceTrainer } from '../../host/source-trainer'
import { Verification } from '../../tasks/verification'
import { qwenShape, writeQwenCheckpoint } from '../test-support/tiny-checkpoint'

const { values } = parseArgs({
  options: {
    iterations: { type: 'string', default: '3' },
    prompts: { type: 'string', default: '2' },
    samples: { type: 'string', default: '4' },
    response: { type: 'string', default: '48' },
    'max-prompt': { type: 'string', default: '192' },
    threads: { type: 'string', default: '2' },
  },
})
const MATH500 = join(import.meta.dirname, '../../../../shared/datasets/math500.jsonl')
const workspaceDir = mkdtempSync(join(tmpdir(), 'prime-measure-dataset-'))
const host = createHost({
  workspaceDir,
  spawnTrainer: forkSourceTrainer,
  appInfo: { name: 'prime-workbench', version: 'measure', mode: 'cli', versions: { node: process.versions.node, electron: null, chrome: null } },
})
async function call<T>(method: string, request: unknown): Promise<T> {
  const reply = await host.dispatch(method, request)
  if (!reply.ok) throw new Error(reply.error.message)
  return reply.result as T
}

await call('settings.update', { intraOpThreads: Number(values.threads) })
const checkpoint = join(workspaceDir, 'qwen-tiny')
const shape = qwenShape()
await writeQwenCheckpoint(checkpoint, shape, 7)
const dataset = await call<DatasetSummary>('datasets.import', { name: 'MATH-500', path: MATH500, format: 'math', splits: { validation: 0.1, test: 0, seed: 0 } })
const config: RlConfig = {
  ...LAPTOP_PRESET,
  iterations: Number(values.iterations),
  task: { ...DATASET_TASK_DEFAULTS, dataset: dataset.id, validationSize: 8, verifier: 'math', prompt: { kind: 'chat', systemMessage: null, instruction: BOXED_INSTRUCTION }, maxPromptTokens: Number(values['max-prompt']) },
  model: { kind: 'checkpoint', path: checkpoint, sftWarmStart: false },
  rollout: { ...LAPTOP_PRESET.rollout, promptsPerIteration: Number(values.prompts), samplesPerPrompt: Number(values.samples), maxResponseTokens: Number(values.response) },
  logging: { validateEvery: 1000, checkpointEvery: 1000, rolloutSamples: 0, heldOutPrmPrompts: 0 },
}
console.log(`Qwen2-layout d${shape.dModel} × ${shape.nLayers} layers, vocabulary ${shape.vocabSize}; ${config.rollout.promptsPerIteration} prompts × ${config.rollout.samplesPerPrompt} samples, ≤ ${config.rollout.maxResponseTokens} new tokens, prompts ≤ ${values['max-prompt']} tokens, ${values.threads} threads`)
const run = await call<RunSummary>('runs.create', { name: 'measure', config })
await call('runs.launch', { id: run.id })
await new Promise<void>((resolve) => host.bus.subscribe(({ event }) => event.type === 'run.status' && event.run.id === run.id && ['completed', 'failed', 'crashed'].includes(event.run.state) && resolve()))
const final = await call<RunSummary>('runs.get', { id: run.id })
if (final.state !== 'completed') throw new Error(`run ${final.state}: ${final.failure?.message}`)
const rows = (await call<MetricsRow[]>('runs.metrics', { id: run.id, sinceStep: 1 })).filter((r) => r.step >= 1)
const phases = ['rollout', 'verify', 'prm', 'policy', 'other', 'iteration']
console.log(formatTable(['iteration', ...phases.map((p) => `${p} s`), 'verify %', 'resp. len', 'peak RSS MB'], rows.map((r) => [
  r.step,
  ...phases.map((p) => r.values[`timing/${p}`]!.toFixed(2)),
  ((100 * r.values['timing/verify']!) / r.values['timing/iteration']!).toFixed(2),
  r.values['response_length/mean']!.toFixed(1),
  r.values['perf/peak_rss_mb']!.toFixed(0),
])))
host.dispose()

// The pool on MATH-style responses: every reference solution of MATH-500, graded against its answer.
const problems = readFileSync(MATH500, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { solution: string; answer: string })
const verification = new Verification()
await verification.verify({ verifier: 'math', response: '\\boxed{1}', reference: '1' })
const started = performance.now()
const verdicts = await verification.verifyBatch(problems.map((p) => ({ verifier: 'math', response: p.solution, reference: p.answer })))
const seconds = (performance.now() - started) / 1000
await verification.close()
const perResponse = (1000 * seconds) / problems.length
const sorted = verdicts.map((v) => v.ms).sort((a, b) => a - b)
console.log(`verifier pool, math, ${problems.length} MATH-500 solutions: ${seconds.toFixed(2)} s, ${perResponse.toFixed(1)} ms per response (in-worker median ${sorted[sorted.length >> 1]!.toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(0)} ms), ${verdicts.filter((v) => v.score === 1).length} scored 1`)
