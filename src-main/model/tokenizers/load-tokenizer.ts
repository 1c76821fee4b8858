// A tokenizer from a model directory (ours or a Hugging Face one): tokenizer.json is required,
// tokenizer_config.json and chat_template.jinja are read when present. A tokenizer.json in the character
// tokenizer's form becomes a CharTokenizer (exact offsets, clear errors), anything else an HfTokenizer.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { CharTokenizer } from './char-tokenizer'
import { charsetFromTokenizerJson } from './char-tokenizer-json'
import { HfTokenizer } from './hf-tokenizer'
import type { HfTokenizerFiles, Tokenizer } from './tokenizer'

export async function loadTokenizer(dir: string): Promise<Tokenizer> {
  const jsonPath = join(dir, 'tokenizer.json')
  const tokenizerJson = await readJsonObject(jsonPath, 'required: only the fast-tokenizer format is supported (a tokenizer.model alone can be converted by loading it with transformers and calling save_pretrained)')
  const tokenizerConfig = (await readJsonObject(join(dir, 'tokenizer_config.json'), null)) ?? {}
  const chatTemplate = await readOptionalText(join(dir, 'chat_template.jinja'))
  return tokenizerFromFiles({ tokenizerJson: tokenizerJson!, tokenizerConfig }, jsonPath, chatTemplate ?? undefined)
}

export function tokenizerFromFiles(files: HfTokenizerFiles, source: string, chatTemplate?: string): Tokenizer {
  const charset = charsetFromTokenizerJson(files.tokenizerJson)
  if (charset !== null) return new CharTokenizer(charset)
  return new HfTokenizer({ ...files, source, chatTemplate })
}

/** The parsed object; null when the file is absent and `missingMessage` is null (an optional file). */
async function readJsonObject(path: string, missingMessage: string | null): Promise<Record<string, unknown> | null> {
  const text = await readOptionalText(path)
  if (text === null) {
    if (missingMessage === null) return null
    throw new Error(`${path}: not found (${missingMessage})`)
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (e) {
    throw new Error(`${path}: not valid JSON: ${(e as Error).message}`, { cause: e })
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${path}: expected a JSON object`)
  return value as Record<string, unknown>
}

async function readOptionalText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw e
  }
}
