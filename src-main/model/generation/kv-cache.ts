// The host's side of the KV cache: the history tensors the latest program returned (prefill: the prompts' rows;
// each decode run: the history it was given plus its own steps), kept as they came and fed to the next decode run
// (zero-copy). The host never copies or rearranges cache entries.
import type { Feeds, HostTensor } from '../../engine'
import { GENERATION_IO } from './programs'

export class KvCache {
  private history: Feeds = {}
  /** History rows (W): the padded prompt, then one per decoded step. */
  rows = 0

  constructor(private readonly layers: number) {}

  /** Keeps prefill's history_keys_l / history_values_l. */
  setFromPrefill(outputs: Record<string, HostTensor>): void {
    this.keep((l) => outputs[GENERATION_IO.historyKeys(l)]!, (l) => outputs[GENERATION_IO.historyValues(l)]!)
  }

  /** Keeps a decode run's new_history_keys_l / new_history_values_l for the next run. */
  setFromDecode(outputs: Record<string, HostTensor>): void {
    this.keep((l) => outputs[GENERATION_IO.newHistoryKeys(l)]!, (l) => outputs[GENERATION_IO.newHistoryValues(l)]!)
  }

  feeds(): Feeds {
    return this.history
  }

  private keep(keys: (l: number) => HostTensor, values: (l: number) => HostTensor): void {
    this.history = {}
    for (let l = 0; l < this.layers; l++) {
      this.history[GENERATION_IO.historyKeys(l)] = keys(l)
      this.history[GENERATION_IO.historyValues(l)] = values(l)
    }
    this.rows = keys(0).dims[2]!
  }
}
