// What ONNX Runtime can do on this machine, as a real trainer process reports it: the host asks a short-lived
// trainer rather than loading onnxruntime itself, so the answer reflects the process that will train.
import type { RuntimeInfo } from '../../src-preload/contract/schemas'
import { TrainerClient } from './trainer-client'
import type { SpawnTrainer } from './trainer-process'

const ANSWER_TIMEOUT_MS = 60_000

export class RuntimeService {
  private cached: Promise<RuntimeInfo> | null = null

  constructor(private readonly spawnTrainer: SpawnTrainer) {}

  describe(): Promise<RuntimeInfo> {
    this.cached ??= this.ask().catch((error: unknown) => {
      this.cached = null
      throw error
    })
    return this.cached
  }

  private async ask(): Promise<RuntimeInfo> {
    const trainer = new TrainerClient(this.spawnTrainer(null))
    const timer = setTimeout(() => trainer.kill(), ANSWER_TIMEOUT_MS)
    try {
      await trainer.next('ready')
      trainer.send({ type: 'describe-runtime' })
      const answer = await trainer.next('runtime')
      return answer.info
    } finally {
      clearTimeout(timer)
      trainer.send({ type: 'cancel' })
    }
  }
}
