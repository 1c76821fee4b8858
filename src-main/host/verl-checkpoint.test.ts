// A verl checkpoint as a run's starting model: `global_step_N/actor/huggingface` laid out as verl's model merger
// writes it (transformers' save_pretrained: BF16 weights in shards with model.safetensors.index.json,
// generation_config.json, special_tokens_map.json, the tokenizer) beside the step's sharded FSDP state, passes the
// checks runs.create and runs.launch make. Pointing at the shards, or at the folder before the merger filled it,
// says what to do.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DATASET_TASK_DEFAULTS, LAPTOP_PRESET, type RlConfig } from '../../src-preload/contract/rl-config'
import type { DatasetSummary, RunPreview } from '../../src-preload/contract/schemas'
import { SafetensorsFile } from '../model/checkpoint/safetensors-reader'
import { writeSafetensors } from '../model/checkpoint/safetensors-writer'
import { qwenShape, writeQwenCheckpoint } from '../rl/test-support/tiny-checkpoint'
import { call, useTestHosts } from './test-hosts'

const newHost = useTestHosts('prime-verl-ckpt')

/** f32 → bf16 by truncation (the high 16 bits), as torch's .to(torch.bfloat16) rounds to nearly the same. */
function toBf16(values: Float32Array): Uint16Array {
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length)
  return Uint16Array.from(bits, (b) => b >>> 16)
}

/** Rewrites a model.safetensors folder the way verl's merger leaves global_step_N/actor/huggingface. */
async function verlLayout(dir: string): Promise<void> {
  const single = await SafetensorsFile.open(join(dir, 'model.safetensors'))
  const names = [...single.tensors.keys()]
  const halves = [names.slice(0, names.length >> 1), names.slice(names.length >> 1)]
  const weightMap: Record<string, string> = {}
  for (const [i, part] of halves.entries()) {
    const file = `model-0000${i + 1}-of-00002.safetensors`
    const tensors = []
    for (const name of part) {
      const info = single.tensors.get(name)!
      tensors.push({ name, dtype: 'BF16' as const, shape: info.shape, data: toBf16(await single.readF32(name)) })
      weightMap[name] = file
    }
    await writeSafetensors(join(dir, file), tensors, { format: 'pt' })
  }
  await single.close()
  rmSync(join(dir, 'model.safetensors'))
  writeFileSync(join(dir, 'model.safetensors.index.json'), JSON.stringify({ metadata: { total_size: 0 }, weight_map: weightMap }))
  const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as Record<string, unknown>
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ ...config, torch_dtype: 'bfloat16', transformers_version: '4.56.1', use_cache: true }))
  writeFileSync(join(dir, 'generation_config.json'), JSON.stringify({ bos_token_id: 151643, eos_token_id: [151645, 151643], pad_token_id: 151643, do_sample: true, temperature: 0.7 }))
  writeFileSync(join(dir, 'special_tokens_map.json'), JSON.stringify({ eos_token: '<|im_end|>', pad_token: '<|endoftext|>' }))
}

describe('a verl checkpoint as the starting model', { timeout: 60_000 }, () => {
  it('opens global_step_N/actor/huggingface as verl leaves it, and says what to do when pointed at the shards', async () => {
    const { host, workspaceDir } = newHost()
    const actor = join(workspaceDir, 'checkpoints', 'prime_seed1', 'global_step_40', 'actor')
    const hf = join(actor, 'huggingface')
    await writeQwenCheckpoint(hf, qwenShape(), 3)
    await verlLayout(hf)
    // The FSDP state verl keeps beside it (its content does not matter here).
    for (const file of ['model_world_size_2_rank_0.pt', 'model_world_size_2_rank_1.pt', 'optim_world_size_2_rank_0.pt', 'extra_state_world_size_2_rank_0.pt']) writeFileSync(join(actor, file), 'torch')

    const data = join(workspaceDir, 'rows.jsonl')
    writeFileSync(data, Array.from({ length: 20 }, (_, i) => JSON.stringify({ question: `What is ${i} + ${i}?`, answer: `#### ${2 * i}` })).join('\n'))
    const dataset = await call<DatasetSummary>(host, 'datasets.import', { name: 'sums', path: data, format: 'gsm8k', splits: { validation: 0.2, test: 0, seed: 0 } })
    const config = (path: string): RlConfig => ({
      ...LAPTOP_PRESET,
      task: { ...DATASET_TASK_DEFAULTS, dataset: dataset.id, prompt: { kind: 'chat', systemMessage: null, instruction: '' } },
      model: { kind: 'checkpoint', path, sftWarmStart: false },
      sft: { ...LAPTOP_PRESET.sft, steps: 0 },
    })

    const preview = await call<RunPreview>(host, 'runs.preview', { config: config(hf) })
    expect(preview.vocabSize).toBe(151_936)
    expect(preview.promptText).toContain('<|im_start|>user\nWhat is')
    expect(preview.stopTokens).toEqual(expect.arrayContaining(['<|im_end|>']))

    await expect(call(host, 'runs.preview', { config: config(actor) })).rejects.toThrow(`${actor} is verl's sharded actor checkpoint: point at ${hf}`)
    const empty = join(workspaceDir, 'checkpoints', 'prime_seed1', 'global_step_80', 'actor', 'huggingface')
    mkdirSync(empty, { recursive: true })
    for (const file of ['config.json', 'tokenizer.json', 'tokenizer_config.json']) writeFileSync(join(empty, file), readFileSync(join(hf, file)))
    await expect(call(host, 'runs.preview', { config: config(empty) })).rejects.toThrow(/no weights yet: merge the FSDP shards into it with python -m verl\.model_merger merge/)
  })
})
