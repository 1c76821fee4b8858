// The model's command-line functions (the CLI in src-main/cli wires them to subcommands):
//   init:  a fresh checkpoint directory from a preset and a seed (HF layout + config.json + tokenizer);
//   score: per-token log-probs of the response tokens of each line of a JSONL file, one JSON line out per line in.
import { readdir, readFile, stat } from 'node:fs/promises'
import { Runtime } from '../engine'
import { CharTokenizer } from './tokenizers/char-tokenizer'
import { COMPACT_CHARSET, DEFAULT_CHARSET } from './tokenizers/charsets'
import { type ModelConfig, PRESETS, isPresetName, modelConfig, parameterCount } from './config'
import { LanguageModel } from './language-model'
import { loadModel, saveModel } from './model-checkpoint'
import { type PromptResponse, packSequences, responseValues } from './token-batch'

export interface InitResult {
  dir: string
  preset: string
  seed: number
  parameters: number
  config: ModelConfig
}

/** init writes into a new or empty folder only: replacing a folder would delete whatever the user kept there. */
async function assertNewOrEmptyFolder(dir: string): Promise<void> {
  const info = await stat(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null
    throw error
  })
  if (info === null) return
  if (!info.isDirectory()) throw new Error(`init: ${dir} is a file; give a new or empty folder`)
  const entries = await readdir(dir)
  if (entries.length > 0) throw new Error(`init: ${dir} is not empty (${entries.length} entries); give a new or empty folder (init never overwrites)`)
}

/**
 * Writes a checkpoint of a freshly initialised model into a new or empty folder. The character tokenizer is the compact charset when the
 * preset's vocabulary is 64 (XS, S, M) and the full printable-ASCII charset when the vocabulary is at least 99.
 */
export async function initCheckpoint(preset: string, seed: number, dir: string, overrides: Partial<ModelConfig> = {}): Promise<InitResult> {
  if (!isPresetName(preset)) throw new Error(`init: unknown preset "${preset}" (known: ${Object.keys(PRESETS).join(', ')})`)
  if (!Number.isSafeInteger(seed)) throw new Error(`init: the seed must be an integer, got ${seed}`)
  await assertNewOrEmptyFolder(dir)
  const config = modelConfig(preset, overrides)
  const compact = new CharTokenizer(COMPACT_CHARSET)
  const full = new CharTokenizer(DEFAULT_CHARSET)
  const tokenizer = config.vocabSize >= full.vocabSize ? full : compact
  if (config.vocabSize < tokenizer.vocabSize) throw new Error(`init: vocabulary ${config.vocabSize} is smaller than the character tokenizer's ${tokenizer.vocabSize}`)
  const runtime = await Runtime.create({ executionProvider: 'cpu' })
  try {
    const params = new LanguageModel(config, runtime).initParams(seed)
    await saveModel(dir, { config, params, tokenizer })
  } finally {
    await runtime.dispose()
  }
  return { dir, preset, seed, parameters: parameterCount(config), config }
}

interface ScoreLine extends PromptResponse {
  id?: unknown
}

function parseIds(value: unknown, where: string, field: string): number[] {
  if (!Array.isArray(value) || !value.every((v) => Number.isInteger(v) && v >= 0)) throw new Error(`${where}: "${field}" must be a list of non-negative integer token ids`)
  return value as number[]
}

/** One input line: {"prompt": [ids], "response": [ids]} or {"tokens": [ids], "prompt_length": n}; "id" is echoed. */
function parseScoreLine(text: string, where: string): ScoreLine {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    throw new Error(`${where}: not valid JSON (${(e as Error).message})`, { cause: e })
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error(`${where}: expected a JSON object`)
  const o = json as Record<string, unknown>
  let line: ScoreLine
  if ('tokens' in o) {
    const tokens = parseIds(o.tokens, where, 'tokens')
    const n = o.prompt_length
    if (!Number.isInteger(n) || (n as number) < 1 || (n as number) > tokens.length) throw new Error(`${where}: "prompt_length" must be an integer in [1, ${tokens.length}]`)
    line = { prompt: tokens.slice(0, n as number), response: tokens.slice(n as number) }
  } else {
    line = { prompt: parseIds(o.prompt, where, 'prompt'), response: parseIds(o.response, where, 'response') }
    if (line.prompt.length === 0) throw new Error(`${where}: "prompt" must hold at least one token`)
  }
  if ('id' in o) line.id = o.id
  return line
}

export interface ScoreOptions {
  temperature?: number
  /** Sequences per program run (default 16). */
  batchSize?: number
}

/**
 * Scores every line of `inputPath` with the checkpoint's model: returns one JSON line per input line,
 * {"id"?, "logprobs": [...], "entropy": [...]} for the response tokens in order.
 */
export async function scoreJsonl(checkpointDir: string, inputPath: string, opts: ScoreOptions = {}): Promise<string[]> {
  const loaded = await loadModel(checkpointDir)
  const text = await readFile(inputPath, 'utf8')
  const items: ScoreLine[] = []
  text.split('\n').forEach((raw, i) => {
    if (raw.trim() === '') return
    const where = `${inputPath}:${i + 1}`
    const item = parseScoreLine(raw, where)
    for (const id of [...item.prompt, ...item.response]) {
      if (id >= loaded.config.vocabSize) throw new Error(`${where}: token id ${id} is outside the model's vocabulary [0, ${loaded.config.vocabSize})`)
    }
    if (item.prompt.length + item.response.length - 1 > loaded.config.maxPositions) throw new Error(`${where}: ${item.prompt.length + item.response.length} tokens exceed the model's ${loaded.config.maxPositions} positions`)
    items.push(item)
  })
  const runtime = await Runtime.create({ executionProvider: 'cpu' })
  const lines: string[] = []
  try {
    const model = new LanguageModel(loaded.config, runtime)
    const size = opts.batchSize ?? 16
    for (let start = 0; start < items.length; start += size) {
      const group = items.slice(start, start + size)
      // Columns rounded up to a multiple of 16 (within the model's positions) so batches share programs.
      const need = Math.max(...group.map((it) => it.prompt.length + it.response.length - 1))
      const batch = packSequences(group, { padId: loaded.tokenizer.padId, seq: Math.min(Math.ceil(need / 16) * 16, loaded.config.maxPositions) })
      const scores = await model.logProbs(loaded.params, batch, opts.temperature ?? 1)
      const logprobs = responseValues(batch, scores.logProbs)
      const entropy = responseValues(batch, scores.entropy)
      group.forEach((it, b) => lines.push(JSON.stringify({ ...(it.id !== undefined ? { id: it.id } : {}), logprobs: logprobs[b], entropy: entropy[b] })))
    }
  } finally {
    await runtime.dispose()
  }
  return lines
}
