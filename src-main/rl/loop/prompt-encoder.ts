// The exact tokens the model sees for a problem: the run's prompt format (RlConfig task.prompt) applied with the
// run's tokenizer. A plain template becomes BOS (where the tokenizer has one) + the template's text; a chat prompt
// is the model's own chat template with the generation prompt, tokenized as transformers' apply_chat_template does
// (no special tokens added: the template writes them). The trainer and the host's prompt preview both use this.
import type { PromptFormat } from '../../../src-preload/contract/rl-config'
import type { ChatMessage } from '../../model/tokenizers/chat-template'
import { HfTokenizer } from '../../model/tokenizers/hf-tokenizer'
import type { Tokenizer } from '../../model/tokenizers/tokenizer'
import type { Problem } from './problem-source'
import { SettingError } from './setting-error'

export interface PromptEncoder {
  /** The prompt as text, special tokens written out (what a chat template renders). */
  text(problem: Problem): string
  encode(problem: Problem): number[]
}

/** The user's question with the instruction after a blank line (the PRIME authors' layout). */
function userText(question: string, instruction: string): string {
  return instruction === '' ? question : `${question}\n\n${instruction}`
}

/**
 * The conversation: the row's own messages where it has them (else one user turn with the question), the
 * instruction appended to the last user turn, and the configured system message in place of any the row had.
 */
export function chatMessages(problem: Problem, format: Extract<PromptFormat, { kind: 'chat' }>): ChatMessage[] {
  const messages: ChatMessage[] = problem.messages ? problem.messages.map((m) => ({ role: m.role, content: m.content })) : [{ role: 'user', content: problem.prompt }]
  const lastUser = messages.map((m) => m.role).lastIndexOf('user')
  if (lastUser >= 0) messages[lastUser] = { role: 'user', content: userText(messages[lastUser]!.content, format.instruction) }
  if (format.systemMessage === null) return messages
  return [{ role: 'system', content: format.systemMessage }, ...messages.filter((m) => m.role !== 'system')]
}

/** Throws a SettingError naming `task.prompt` when the format cannot be used with this tokenizer. */
export function promptEncoder(format: PromptFormat, tokenizer: Tokenizer, tokenizerName: string): PromptEncoder {
  if (format.kind === 'plain') {
    const bos = tokenizer.bosId === null ? [] : [tokenizer.bosId]
    const text = (problem: Problem) => format.template.replaceAll('{question}', userText(problem.prompt, format.instruction))
    return { text, encode: (problem) => [...bos, ...tokenizer.encode(text(problem))] }
  }
  if (!(tokenizer instanceof HfTokenizer) || tokenizer.chatTemplate === null) {
    throw new SettingError('task.prompt', `${tokenizerName} has no chat template; use a plain prompt template, or a checkpoint model whose tokenizer_config.json has one`)
  }
  const text = (problem: Problem) => {
    try {
      return tokenizer.applyChatTemplate(chatMessages(problem, format), { addGenerationPrompt: true })
    } catch (e) {
      throw new SettingError('task.prompt', `the chat template of ${tokenizerName} failed on problem ${problem.id}: ${(e as Error).message}`, { cause: e })
    }
  }
  return { text, encode: (problem) => tokenizer.encode(text(problem)) }
}
