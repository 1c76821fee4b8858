// Runs verifications in parallel on worker_threads, each under a hard wall-clock timeout. Symbolic checks can hang
// (upstream guards every sympy call with a 1 s SIGALRM; a JS thread cannot be interrupted from inside), so a
// check that overruns has its worker terminated and replaced, and scores 0 with detail "timeout".
//
// The worker script is a parameter: from TypeScript sources (tests, tsx) the default is the sibling
// verify-worker.ts; from a bundled build it is the sibling verify-worker.js, which the build must emit as its own
// entry (or pass `workerUrl`). A .ts entry is started through a one-line bootstrap that registers tsx's loader in the
// worker and then imports the entry: on Node 20.20 `execArgv: ['--import', 'tsx']` does not make a worker's .ts
// entry loadable ("Unknown file extension .ts"), the bootstrap does.

import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import type { VerifyOptions, VerifyResult } from '../verifier'
import { workerScript } from '../worker-script'
import type { WorkerReply, WorkerRequest } from './verify-worker'

export interface VerifyJob {
  /** A name from the verifier registry (registry.ts), e.g. "math". */
  verifier: string
  response: string
  reference: string
  options?: VerifyOptions
}

export interface PooledResult extends VerifyResult {
  /** Milliseconds the check took inside the worker (the timeout for a check that was killed). */
  ms: number
}

export interface VerifierPoolOptions {
  /** Number of worker threads (default: available cores - 1, at least 1). */
  size?: number
  /** Hard limit per check in milliseconds (default 5000). */
  timeoutMs?: number
  /** Worker entry script (default: the sibling verify-worker.ts under tsx, or verify-worker.js when bundled). */
  workerUrl?: URL | string
  /** Node flags for the workers (default none). */
  execArgv?: string[]
}

interface Pending {
  request: WorkerRequest
  resolve: (r: PooledResult) => void
  reject: (e: Error) => void
}

interface Slot {
  worker: Worker
  ready: boolean
  busy: (Pending & { timer: NodeJS.Timeout }) | null
}

export function defaultWorkerUrl(): URL {
  const here = import.meta.url
  return new URL(here.endsWith('.ts') ? './verify-worker.ts' : './verify-worker.js', here)
}

export class VerifierPool {
  readonly size: number
  readonly timeoutMs: number
  private readonly workerUrl: URL
  private readonly execArgv: string[]
  private readonly slots = new Set<Slot>()
  private readonly queue: Pending[] = []
  private nextId = 1
  private closed = false
  /** Checks killed for overrunning the timeout, and workers started to replace dead ones. */
  readonly stats = { timeouts: 0, replacements: 0 }

  constructor(options: VerifierPoolOptions = {}) {
    this.size = options.size ?? Math.max(1, availableParallelism() - 1)
    this.timeoutMs = options.timeoutMs ?? 5000
    if (!Number.isInteger(this.size) || this.size < 1) throw new RangeError(`VerifierPool: size must be a positive integer, got ${options.size}`)
    if (!(this.timeoutMs > 0)) throw new RangeError(`VerifierPool: timeoutMs must be positive, got ${options.timeoutMs}`)
    this.workerUrl = workerScript(options.workerUrl ?? defaultWorkerUrl())
    this.execArgv = options.execArgv ?? []
    for (let i = 0; i < this.size; i++) this.spawn()
  }

  verify(job: VerifyJob): Promise<PooledResult> {
    if (this.closed) return Promise.reject(new Error('VerifierPool: verify() after close()'))
    return new Promise((resolve, reject) => {
      const request: WorkerRequest = { id: this.nextId++, verifier: job.verifier, response: job.response, reference: job.reference }
      if (job.options !== undefined) request.options = job.options
      this.queue.push({ request, resolve, reject })
      this.dispatch()
    })
  }

  /** Results in the order of `jobs`; the checks run in parallel across the workers. */
  verifyBatch(jobs: readonly VerifyJob[]): Promise<PooledResult[]> {
    return Promise.all(jobs.map((j) => this.verify(j)))
  }

  async close(): Promise<void> {
    this.closed = true
    for (const p of this.queue.splice(0)) p.reject(new Error('VerifierPool closed'))
    const slots = [...this.slots]
    this.slots.clear()
    for (const s of slots) {
      if (s.busy) {
        clearTimeout(s.busy.timer)
        s.busy.reject(new Error('VerifierPool closed'))
      }
    }
    await Promise.all(slots.map((s) => s.worker.terminate()))
  }

  private spawn(): void {
    const worker = new Worker(this.workerUrl, { execArgv: this.execArgv })
    const slot: Slot = { worker, ready: false, busy: null }
    this.slots.add(slot)
    worker.on('message', (msg: WorkerReply) => this.onMessage(slot, msg))
    worker.on('error', (err) => this.onDeath(slot, `worker error: ${err.message}`))
    worker.on('exit', (code) => this.onDeath(slot, `worker exited with code ${code}`))
  }

  private onMessage(slot: Slot, msg: WorkerReply): void {
    if (msg.type === 'ready') {
      slot.ready = true
      this.dispatch()
      return
    }
    const busy = slot.busy
    if (!busy || busy.request.id !== msg.id) return
    clearTimeout(busy.timer)
    slot.busy = null
    if (msg.type === 'result') {
      const r: PooledResult = { score: msg.score, detail: msg.detail, ms: msg.ms }
      if (msg.extracted !== undefined) r.extracted = msg.extracted
      busy.resolve(r)
    } else {
      busy.reject(new Error(`verifier "${busy.request.verifier}": ${msg.message}`))
    }
    this.dispatch()
  }

  /** A worker died on its own (crash, out of memory): fail its check with score 0 and replace it. */
  private onDeath(slot: Slot, why: string): void {
    if (!this.slots.delete(slot)) return
    if (slot.busy) {
      clearTimeout(slot.busy.timer)
      slot.busy.resolve({ score: 0, detail: `error: ${why}`, ms: 0 })
    }
    if (!this.closed) {
      if (!slot.ready) {
        // Dying before it was ever ready means the entry itself is broken: replacing it would loop forever.
        for (const p of this.queue.splice(0)) p.reject(new Error(`VerifierPool: ${why} while starting the worker`))
        return
      }
      this.stats.replacements++
      this.spawn()
    }
  }

  private onTimeout(slot: Slot): void {
    const busy = slot.busy
    if (!busy || !this.slots.delete(slot)) return
    slot.busy = null
    this.stats.timeouts++
    this.stats.replacements++
    void slot.worker.terminate()
    busy.resolve({ score: 0, detail: 'timeout', ms: this.timeoutMs })
    if (!this.closed) this.spawn()
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return
      if (!slot.ready || slot.busy) continue
      const next = this.queue.shift()!
      slot.busy = { ...next, timer: setTimeout(() => this.onTimeout(slot), this.timeoutMs) }
      slot.worker.postMessage(next.request)
    }
  }
}
