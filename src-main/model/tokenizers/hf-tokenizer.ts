// An imported model's own tokenizer, from its `tokenizer.json` + `tokenizer_config.json`, run by
// @huggingface/tokenizers (pure JavaScript: BPE incl. byte-level, WordPiece, Unigram, WordLevel; nothing is
// downloaded at run time). Behaves like transformers' fast tokenizer called with add_special_tokens=False and
// decoded with skip_special_tokens=True, which is how a chat-templated prompt is tokenized there too.
import { Tokenizer as HfTokenizerEngine } from '@huggingface/tokenizers'
import { renderChatTemplate, type ChatMessage } from './chat-template'
import { decodeWithOffsetsBy } from './decode-offsets'
import type { DecodedText, HfTokenizerFiles, Tokenizer } from './tokenizer'

export interface HfTokenizerSource extends HfTokenizerFiles {
  /** Where the files came from, for error messages. */
  source: string
  /** A chat template kept outside tokenizer_config.json (chat_template.jinja), if any. */
  chatTemplate?: string
}

const SPECIAL_TOKEN_KEYS = ['bos_token', 'eos_token', 'pad_token', 'unk_token'] as const

export class HfTokenizer implements Tokenizer {
  readonly vocabSize: number
  readonly padId: number
  readonly bosId: number | null
  readonly eosId: number
  readonly source: string
  /** The model's chat template, or null when it has none. */
  readonly chatTemplate: string | null
  private readonly engine: HfTokenizerEngine
  private readonly files: HfTokenizerFiles
  private readonly specialIds: ReadonlySet<number>
  private readonly specialTokens: Readonly<Record<string, string>>

  constructor({ tokenizerJson, tokenizerConfig, source, chatTemplate }: HfTokenizerSource) {
    this.source = source
    try {
      this.engine = new HfTokenizerEngine(tokenizerJson, tokenizerConfig)
    } catch (e) {
      throw new Error(`${source}: tokenizer.json could not be loaded: ${(e as Error).message}`, { cause: e })
    }
    let maxId = -1
    for (const id of this.engine.get_vocab(true).values()) maxId = Math.max(maxId, id)
    this.vocabSize = maxId + 1

    const tokens: Record<string, string> = {}
    for (const key of SPECIAL_TOKEN_KEYS) {
      const token = specialTokenString(tokenizerConfig[key], `${source}: tokenizer_config.json field "${key}"`)
      if (token !== null) tokens[key] = token
    }
    this.specialTokens = tokens
    const idOf = (key: (typeof SPECIAL_TOKEN_KEYS)[number]): number | null => {
      const token = tokens[key]
      if (token === undefined) return null
      const id = this.engine.token_to_id(token)
      if (id === undefined) throw new Error(`${source}: tokenizer_config.json ${key} "${token}" is not in the vocabulary of tokenizer.json`)
      return id
    }
    const eos = idOf('eos_token')
    if (eos === null) throw new Error(`${source}: tokenizer_config.json names no eos_token; generation needs one to stop`)
    this.eosId = eos
    this.bosId = idOf('bos_token')
    this.padId = idOf('pad_token') ?? eos

    this.specialIds = new Set(addedSpecialIds(tokenizerJson))
    this.chatTemplate = chatTemplateOf(tokenizerConfig, source) ?? chatTemplate ?? null
    this.files = {
      tokenizerJson,
      // A template that came as a separate file travels inside tokenizer_config.json when we save.
      tokenizerConfig: this.chatTemplate !== null ? { ...tokenizerConfig, chat_template: this.chatTemplate } : tokenizerConfig,
    }
  }

  encode(text: string): number[] {
    const { ids, tokens } = this.engine.encode(text, { add_special_tokens: false })
    const unknown = ids.findIndex((id) => id === undefined)
    if (unknown >= 0) {
      throw new Error(`${this.source}: token ${unknown} (${JSON.stringify(tokens[unknown])}) is not in the vocabulary and the tokenizer has no unk token`)
    }
    return ids
  }

  decode(ids: readonly number[]): string {
    ids.forEach((id, i) => this.checkId(id, `token ${i}`))
    if (ids.length === 0) return '' // the library rejects an empty list
    return this.engine.decode([...ids], { skip_special_tokens: true })
  }

  decodeWithOffsets(ids: readonly number[]): DecodedText {
    return decodeWithOffsetsBy((some) => this.decode(some), ids)
  }

  tokenToString(id: number): string {
    this.checkId(id, 'tokenToString')
    const token = this.engine.id_to_token(id)
    if (token === undefined) throw new RangeError(`${this.source}: id ${id} has no entry in the vocabulary`)
    return token
  }

  isSpecial(id: number): boolean {
    this.checkId(id, 'isSpecial')
    return this.specialIds.has(id)
  }

  /** The model's prompt format applied to `messages` (throws when the model has no chat template). */
  applyChatTemplate(messages: readonly ChatMessage[], options: { addGenerationPrompt?: boolean } = {}): string {
    if (this.chatTemplate === null) throw new Error(`${this.source}: the tokenizer has no chat template`)
    return renderChatTemplate(this.chatTemplate, messages, { ...options, specialTokens: this.specialTokens })
  }

  hfFiles(): HfTokenizerFiles {
    return this.files
  }

  private checkId(id: number, where: string): void {
    if (!Number.isInteger(id) || id < 0 || id >= this.vocabSize) {
      throw new RangeError(`${this.source}: ${where}: id ${id} is outside the vocabulary [0, ${this.vocabSize})`)
    }
  }
}

/** tokenizer_config.json writes a special token as a string, as {"content": ...} (an AddedToken) or null. */
function specialTokenString(value: unknown, where: string): string | null {
  if (value === undefined || value === null) return null
  if (typeof value === 'string') return value
  if (typeof value === 'object' && typeof (value as { content?: unknown }).content === 'string') return (value as { content: string }).content
  throw new Error(`${where} must be a string, an object with "content", or null`)
}

function addedSpecialIds(tokenizerJson: Record<string, unknown>): number[] {
  const added = tokenizerJson.added_tokens
  if (!Array.isArray(added)) return []
  return added.filter((t: { special?: unknown; id?: unknown }) => t.special === true && typeof t.id === 'number').map((t: { id: number }) => t.id)
}

/** `chat_template` is a string, or a list of {name, template} of which "default" is the chat template. */
function chatTemplateOf(config: Record<string, unknown>, source: string): string | null {
  const value = config.chat_template
  if (value === undefined || value === null) return null
  if (typeof value === 'string') return value
  if (Array.isArray(value)) {
    const named = value.find((t: { name?: unknown }) => t.name === 'default') as { template?: unknown } | undefined
    if (named && typeof named.template === 'string') return named.template
    throw new Error(`${source}: tokenizer_config.json chat_template is a list without a "default" template`)
  }
  throw new Error(`${source}: tokenizer_config.json chat_template must be a string or a list of {name, template}`)
}
