// Worker entry of the verifier pool: runs one verification at a time for its parent (worker_threads). A check that
// hangs is not interrupted here: the pool terminates this whole thread and starts a fresh one.

import { parentPort } from 'node:worker_threads'
import { getVerifier } from '../registry'
import type { VerifyOptions } from '../verifier'
import { gradeMath } from '../math/grade-math'

export interface WorkerRequest {
  id: number
  verifier: string
  response: string
  reference: string
  options?: VerifyOptions
}

export type WorkerReply =
  | { type: 'ready' }
  | { type: 'result'; id: number; score: number; detail: string; extracted?: string; ms: number }
  | { type: 'error'; id: number; message: string }

const port = parentPort
if (!port) throw new Error('verify-worker must run inside a worker thread')

// Warm the LaTeX parser before declaring readiness, so its one-off set-up is not billed to the first check's timeout.
gradeMath('\\boxed{\\frac{1}{2}}', '0.5')

port.on('message', (req: WorkerRequest) => {
  const start = performance.now()
  try {
    const r = getVerifier(req.verifier)(req.response, req.reference, req.options)
    const reply: WorkerReply = { type: 'result', id: req.id, score: r.score, detail: r.detail, ms: performance.now() - start }
    if (r.extracted !== undefined) reply.extracted = r.extracted
    port.postMessage(reply)
  } catch (e) {
    port.postMessage({ type: 'error', id: req.id, message: e instanceof Error ? e.message : String(e) } satisfies WorkerReply)
  }
})
port.postMessage({ type: 'ready' } satisfies WorkerReply)
