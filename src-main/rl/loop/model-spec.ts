// What a run's model is before any weight is read: its architecture, its tokenizer and the tokens that end a
// response. A preset pairs a built-in size with the character tokenizer; a checkpoint is a Hugging Face folder read
// for its config.json (architecture, vocabulary, EOS ids), generation_config.json (more EOS ids, where present),
// tokenizer.json + tokenizer_config.json (BPE and chat template) and its safetensors headers (checked against the
// architecture). Every problem is a SettingError naming `model.path` (or `model.preset`), found before training.
import { existsSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import type { RlModel } from '../../../src-preload/contract/rl-config'
import { parseHfConfig } from '../../model/checkpoint/hf-config'
import { isIgnoredOnLoad } from '../../model/checkpoint/hf-model-dir'
import { readOptionalJson, readRequiredJson } from '../../model/checkpoint/json-file'
import { assertMatchesLayout } from '../../model/checkpoint/llama-layout'
import { WeightFiles } from '../../model/checkpoint/weight-files'
import { modelConfig, type ModelConfig } from '../../model/config'
import { CharTokenizer } from '../../model/tokenizers/char-tokenizer'
import { COMPACT_CHARSET } from '../../model/tokenizers/charsets'
import { loadTokenizer } from '../../model/tokenizers/load-tokenizer'
import type { Tokenizer } from '../../model/tokenizers/tokenizer'
import { SettingError } from './setting-error'

export interface ModelSpec {
  /** For messages: "the XS preset (character tokenizer)", "checkpoint /models/qwen". */
  description: string
  config: ModelConfig
  tokenizer: Tokenizer
  /** EOS of the tokenizer and every eos_token_id of config.json / generation_config.json, without repeats. */
  stopTokens: number[]
  /** The folder to read the starting weights from (null: a preset, initialised or warm-started from scratch). */
  weightsDir: string | null
}

export async function openModelSpec(model: RlModel): Promise<ModelSpec> {
  if (model.kind === 'preset') {
    const tokenizer = new CharTokenizer(COMPACT_CHARSET)
    return {
      description: `the ${model.preset} preset (character tokenizer)`,
      config: modelConfig(model.preset, { vocabSize: tokenizer.vocabSize }),
      tokenizer,
      stopTokens: [tokenizer.eosId],
      weightsDir: null,
    }
  }
  const dir = resolve(model.path)
  const fail = (message: string, cause?: unknown): never => {
    throw new SettingError('model.path', message, cause === undefined ? undefined : { cause })
  }
  if (!existsSync(dir) || !statSync(dir).isDirectory()) fail(`${dir} is not a folder`)
  const attempt = async <T>(what: () => Promise<T>): Promise<T> => {
    try {
      return await what()
    } catch (e) {
      return fail((e as Error).message, e)
    }
  }
  verlCheckpointHint(dir, fail)
  const configPath = join(dir, 'config.json')
  const hf = await attempt(async () => parseHfConfig(await readRequiredJson(configPath, 'a Hugging Face model folder needs its config.json'), configPath))
  if (!existsSync(join(dir, 'tokenizer.json'))) {
    fail(`${dir} has no tokenizer.json: a checkpoint must carry its tokenizer (save it with tokenizer.save_pretrained(folder) in transformers)`)
  }
  const tokenizer = await attempt(() => loadTokenizer(dir))
  if (tokenizer.vocabSize > hf.model.vocabSize) {
    fail(`vocabulary mismatch: the tokenizer has ${tokenizer.vocabSize} ids but config.json vocab_size is ${hf.model.vocabSize}`)
  }
  await attempt(async () => {
    const files = await WeightFiles.open(dir)
    try {
      const shapes = files.shapes()
      for (const name of shapes.keys()) if (isIgnoredOnLoad(name, hf.model)) shapes.delete(name)
      assertMatchesLayout(shapes, hf.model, dir)
    } finally {
      await files.close()
    }
  })
  const generation = (await attempt(() => readOptionalJson(join(dir, 'generation_config.json')))) as { eos_token_id?: unknown } | null
  const generationEos = generation?.eos_token_id
  const extra = generationEos === undefined || generationEos === null ? [] : Array.isArray(generationEos) ? generationEos : [generationEos]
  const stopTokens = [...new Set([tokenizer.eosId, ...hf.eosTokenIds, ...extra])]
  for (const id of stopTokens) {
    if (!Number.isSafeInteger(id) || id < 0 || id >= hf.model.vocabSize) fail(`EOS token id ${JSON.stringify(id)} is outside the vocabulary [0, ${hf.model.vocabSize})`)
  }
  return { description: `checkpoint ${dir}`, config: hf.model, tokenizer, stopTokens: stopTokens as number[], weightsDir: dir }
}

/**
 * verl saves a step's policy as `global_step_N/actor/`: sharded FSDP state, and `huggingface/` beside it with the
 * config and tokenizer — and the weights once verl's model merger has written them there (verl @ VERL_COMMIT,
 * verl/model_merger). Point at the wrong one of those and the generic errors would not say what to do.
 */
function verlCheckpointHint(dir: string, fail: (message: string) => never): void {
  if (existsSync(join(dir, 'huggingface', 'config.json')) && !existsSync(join(dir, 'config.json'))) {
    fail(`${dir} is verl's sharded actor checkpoint: point at ${join(dir, 'huggingface')}, the Hugging Face folder beside the shards`)
  }
  const hasWeights = existsSync(join(dir, 'model.safetensors')) || existsSync(join(dir, 'model.safetensors.index.json'))
  if (!hasWeights && /global_step_\d+[\\/]actor[\\/]huggingface$/.test(dir)) {
    fail(`${dir} holds verl's config and tokenizer but no weights yet: merge the FSDP shards into it with python -m verl.model_merger merge --backend fsdp --local_dir ${dirname(dir)} --target_dir ${dir}`)
  }
}
