// The host's side of the KV cache: the tensors the programs returned, kept as they came and fed back in (zero-copy).
// The prompts' keys and values come from prefill, once per distinct prompt; the decoding steps' from the latest
// decode run, which returns the whole step cache (earlier steps + its own) so that each run reads one part per
// layer. The host never copies or rearranges cache entries.
import type { Feeds, HostTensor } from '../../engine'
import { GENERATION_IO } from './programs'

export class KvCache {
  private readonly prompt: Feeds = {}
  private steps: Feeds = {}
  /** Decoding steps cached so far (S). */
  history = 0

  constructor(private readonly layers: number) {}

  /** Keeps prefill's prompt_keys_l / prompt_values_l. */
  setPrompt(prefill: Record<string, HostTensor>): void {
    for (let l = 0; l < this.layers; l++) {
      for (const name of [GENERATION_IO.promptKeys(l), GENERATION_IO.promptValues(l)]) this.prompt[name] = prefill[name]!
    }
  }

  /** Keeps a decode run's new_step_keys_l / new_step_values_l, which replace the step cache fed to the next run. */
  setSteps(decode: Record<string, HostTensor>, history: number): void {
    this.steps = {}
    for (let l = 0; l < this.layers; l++) {
      this.steps[GENERATION_IO.stepKeys(l)] = decode[GENERATION_IO.newStepKeys(l)]!
      this.steps[GENERATION_IO.stepValues(l)] = decode[GENERATION_IO.newStepValues(l)]!
    }
    this.history = history
  }

  feeds(): Feeds {
    return { ...this.prompt, ...this.steps }
  }
}
