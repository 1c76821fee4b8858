// The one entry point for grading, used by the RL loop, the UI (re-grading a dataset's references) and the CLI:
// every verifier has the signature (response, reference, options) -> {score, detail}. Pure-computation verifiers
// (math, exact, the synthetic tasks) run on the worker-thread pool under a hard timeout; the code verifier runs each
// program in its own sandboxed process, so it is parallel by processes, a few at a time.
import { availableParallelism } from 'node:os'
import { verifyCode } from './code/code-verifier'
import { VerifierPool, type PooledResult, type VerifierPoolOptions, type VerifyJob } from './pool/verifier-pool'
import { VERIFIERS } from './registry'

export const VERIFIER_NAMES = [...Object.keys(VERIFIERS), 'code'] as const

export interface VerificationOptions {
  pool?: VerifierPoolOptions
  /** Sandboxed programs allowed to run at once (default: one per core). */
  codeConcurrency?: number
}

export class Verification {
  private pool: VerifierPool | null = null
  private running = 0
  private readonly waiting: (() => void)[] = []
  private readonly codeConcurrency: number

  constructor(private readonly options: VerificationOptions = {}) {
    this.codeConcurrency = options.codeConcurrency ?? availableParallelism()
  }

  async verify(job: VerifyJob): Promise<PooledResult> {
    if (job.verifier === 'code') return this.verifyCodeJob(job)
    this.pool ??= new VerifierPool(this.options.pool)
    return this.pool.verify(job)
  }

  /** Results in the order of `jobs`. */
  verifyBatch(jobs: readonly VerifyJob[]): Promise<PooledResult[]> {
    return Promise.all(jobs.map((job) => this.verify(job)))
  }

  async close(): Promise<void> {
    await this.pool?.close()
    this.pool = null
  }

  private async verifyCodeJob(job: VerifyJob): Promise<PooledResult> {
    if (this.running >= this.codeConcurrency) await new Promise<void>((resolve) => this.waiting.push(resolve))
    this.running += 1
    const started = performance.now()
    try {
      return { ...(await verifyCode(job.response, job.reference, job.options)), ms: performance.now() - started }
    } finally {
      this.running -= 1
      this.waiting.shift()?.()
    }
  }
}
