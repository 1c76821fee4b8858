// Chat templates: the Jinja programs that Hugging Face models ship (tokenizer_config.json `chat_template`, or
// a chat_template.jinja file) to turn a list of messages into the exact prompt text the model was tuned on.
// Rendered with @huggingface/jinja, the JavaScript Jinja that transformers.js uses for the same purpose.
import { Template } from '@huggingface/jinja'

export interface ChatMessage {
  role: string
  content: string
}

export interface ChatTemplateOptions {
  /** End with the header of an assistant turn, so generation continues as the assistant. */
  addGenerationPrompt?: boolean
  /** Special token strings visible to the template (bos_token, eos_token, …), as transformers provides them. */
  specialTokens?: Readonly<Record<string, string>>
}

export function renderChatTemplate(template: string, messages: readonly ChatMessage[], options: ChatTemplateOptions = {}): string {
  let compiled: Template
  try {
    compiled = new Template(template)
  } catch (e) {
    throw new Error(`chat template does not parse: ${(e as Error).message}`, { cause: e })
  }
  try {
    return compiled.render({
      ...options.specialTokens,
      messages: messages.map((m) => ({ role: m.role, content: m.content })),
      add_generation_prompt: options.addGenerationPrompt ?? false,
    })
  } catch (e) {
    throw new Error(`chat template failed to render: ${(e as Error).message}`, { cause: e })
  }
}
