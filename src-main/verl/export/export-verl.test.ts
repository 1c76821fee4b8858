// The export round trip: a built-in-task comparison (PRIME and RLOO, two seeds) exported as a verl launch, its parquet
// read back by an independent reader (DuckDB) and checked row by row and column by column against the task's own
// problems; each script run with a stand-in `python3` that records the arguments verl would receive, and every Hydra
// key it passes checked against the keys of verl's and the recipe's configs (vendored key list).
import { execFileSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LAPTOP_PRESET, type RlConfig } from '../../../src-preload/contract/rl-config'
import { BuiltinProblemSource } from '../../rl/loop/problems'
import { heldOutProblems } from '../../tasks/synthetic/partition'
import { SYNTHETIC_TASKS } from '../../tasks/synthetic'
import { exportVerl, plainChatTemplate, type Manifest } from './export-verl'
import { ExportError } from './export-rows'
import keyList from './fixtures/verl-config-keys.json'

let dir: string
let out: string
const base: RlConfig = { ...LAPTOP_PRESET, iterations: 3 }
const runs = [1, 2].flatMap((seed) =>
  (['prime', 'rloo'] as const).map((algorithm) => ({ name: `laptop · ${algorithm} · seed ${seed}`, config: { ...base, algorithm, seed }, sftCheckpoint: null })),
)

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'verl-export-'))
  out = join(dir, 'export')
  await exportVerl({ out, runs, datasetsDir: join(dir, 'datasets'), exportedBy: 'test', model: 'Qwen/Qwen2.5-0.5B-Instruct' })
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function readParquet(file: string): Promise<Record<string, unknown>[]> {
  const db = await DuckDBInstance.create(':memory:')
  const connection = await db.connect()
  const result = await connection.runAndReadAll(`SELECT data_source, prompt, ability, reward_model, extra_info FROM read_parquet('${file}')`)
  return result.getRowObjectsJson() as Record<string, unknown>[]
}

describe('export-verl round trip', () => {
  it('writes one script per arm and seed, and a manifest naming them', () => {
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Manifest
    expect(manifest.scripts.map((s) => s.file).sort()).toEqual(['run_prime_seed1.sh', 'run_prime_seed2.sh', 'run_rloo_seed1.sh', 'run_rloo_seed2.sh'])
    expect(manifest.scripts.find((s) => s.file === 'run_prime_seed1.sh')?.entryPoint).toBe('recipe.prime.main_prime')
    expect(manifest.scripts.find((s) => s.file === 'run_rloo_seed2.sh')?.entryPoint).toBe('verl.trainer.main_ppo')
    expect(manifest.verl.commit).toMatch(/^[0-9a-f]{40}$/)
  })

  it('writes the training prompts of the task stream, every row and column as verl reads them (read back with DuckDB)', async () => {
    const rows = await readParquet(join(out, 'data', 'train.parquet'))
    const task = SYNTHETIC_TASKS['arith-chain']!
    const source = new BuiltinProblemSource(task, 1, 1, { validationSize: 512, testSize: 512, misconception: 0 })
    // PRIME draws (1 + maxRefillRounds) × the batch every step: 3 steps × 32 prompts × 5.
    const expected = source.take(3 * 32 * 5).map((index) => source.problem(index))
    expect(rows).toHaveLength(expected.length)
    rows.forEach((row, i) => {
      const problem = expected[i]!
      expect(row).toEqual({
        data_source: 'numina_synthetic_math',
        prompt: [{ role: 'user', content: problem.prompt }],
        ability: 'math',
        reward_model: { style: 'rule', ground_truth: problem.answer },
        extra_info: { split: 'train', index: String(i), problem_id: problem.id },
      })
    })
  })

  it('writes the held-out validation partition with its reference answers', async () => {
    const rows = await readParquet(join(out, 'data', 'validation.parquet'))
    const expected = heldOutProblems(SYNTHETIC_TASKS['arith-chain']!, 1, 'validation', 512)
    expect(rows).toHaveLength(expected.length)
    rows.forEach((row, i) => {
      expect(row).toEqual({
        data_source: 'numina_synthetic_math',
        prompt: [{ role: 'user', content: expected[i]!.prompt }],
        ability: 'math',
        reward_model: { style: 'rule', ground_truth: expected[i]!.answer },
        extra_info: { split: 'validation', index: String(i), problem_id: expected[i]!.id },
      })
    })
  })

  it('passes verl only Hydra keys that exist in ppo_trainer.yaml or prime_trainer.yaml (and Hydra\'s run dir)', () => {
    // A stand-in python3 records the arguments each script passes; the scripts run as they would on a cluster node.
    const bin = join(dir, 'bin')
    const verlDir = join(dir, 'verl')
    mkdirSync(bin, { recursive: true })
    mkdirSync(verlDir, { recursive: true })
    writeFileSync(join(bin, 'python3'), '#!/bin/sh\nprintf "%s\\n" "$PWD" "$@" > "$ARGS_FILE"\n')
    chmodSync(join(bin, 'python3'), 0o755)
    const known = new Set(keyList.sources.flatMap((s) => s.keys))
    for (const script of readdirSync(out).filter((f) => f.endsWith('.sh'))) {
      const argsFile = join(dir, `${script}.args`)
      execFileSync('bash', [join(out, script)], { env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, VERL_DIR: verlDir, ARGS_FILE: argsFile, N_GPUS: '2' } })
      const [cwd, module, entry, ...overrides] = readFileSync(argsFile, 'utf8').trim().split('\n')
      expect(cwd).toBe(verlDir)
      expect(module).toBe('-m')
      expect(entry).toBe(script.startsWith('run_prime') ? 'recipe.prime.main_prime' : 'verl.trainer.main_ppo')
      const values = new Map(overrides.map((o) => [o.slice(0, o.indexOf('=')), o.slice(o.indexOf('=') + 1)]))
      for (const key of values.keys()) expect(known.has(key), `${script}: ${key}`).toBe(true)
      expect(values.get('data.train_files')).toBe(`['${out}/data/train.parquet']`)
      expect(values.get('trainer.n_gpus_per_node')).toBe('2')
      expect(values.get('trainer.logger')).toBe("['console','file']")
      expect(values.get('actor_rollout_ref.rollout.n')).toBe('4')
      expect(values.get('data.seed')).toBe(script.includes('seed1') ? '1' : '2')
      if (script.startsWith('run_prime')) {
        expect(values.get('reward_model.model.update')).toBe('after')
        expect(values.get('reward_model.model.beta_train')).toBe('0.05')
      } else {
        expect(values.get('algorithm.adv_estimator')).toBe('rloo')
        expect(values.has('reward_model.model.update')).toBe(false)
      }
      expect(readFileSync(join(out, script), 'utf8')).toContain('# Settings that do not map to verl:')
    }
  })

  it('refuses what verl cannot run and leaves nothing behind', async () => {
    const target = join(dir, 'refused')
    await expect(exportVerl({ out: target, runs: [{ name: 'g', config: { ...base, algorithm: 'prime-grpo' }, sftCheckpoint: null }], datasetsDir: dir, exportedBy: 'test' })).rejects.toThrow(ExportError)
    const other = { ...base, task: { ...base.task, level: 2 } }
    await expect(exportVerl({ out: target, runs: [runs[0]!, { name: 'l2', config: other, sftCheckpoint: null }], datasetsDir: dir, exportedBy: 'test' })).rejects.toThrow(/share their data/)
    expect(readdirSync(dir).filter((name) => name.includes('refused'))).toEqual([])
  })

  it('renders a plain prompt template as a chat template', () => {
    expect(plainChatTemplate({ kind: 'plain', template: 'Q: {question}\nA:', instruction: '' })).toBe(
      "{{ bos_token if bos_token else '' }}{{ \"Q: \" }}{{ messages[-1]['content'] }}{{ \"\\nA:\" }}",
    )
  })
})
