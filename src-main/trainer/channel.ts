// The trainer's link to its host. In Electron's utility process the host is reached through
// `process.parentPort`; under child_process.fork through `process.send`. Both carry structured-cloneable values,
// so the protocol is identical; this file is the only place that knows which one is in use.
// In Electron the host may also hand over a MessagePort to the renderer ('attach-stream'): live progress,
// metrics and logs are then posted there too, already shaped as the renderer's API events.
// A trainer must not outlive its host (a second host could then start another trainer on the same run), so the
// channel also reports when the host is gone: Node's IPC channel says so when it disconnects; Electron's
// parentPort has no such event, so for both the parent process is also checked every second (it is gone when
// this process has been re-parented, or its pid no longer runs).
import type { ApiEvent } from '../../src-preload/contract/events'
import { isProcessAlive } from '../storage/process-lock'
import { PROTOCOL_VERSION, parseHostToTrainer, type HostToTrainer, type TrainerToHostBody } from './protocol'

interface PortLike {
  postMessage(message: unknown): void
}

interface ParentPortLike {
  on(event: 'message', listener: (event: { data: unknown; ports: PortLike[] }) => void): void
  postMessage(message: unknown): void
}

export interface HostChannel {
  /** Resolves once the message has been handed to the transport, so that a process may exit after it. */
  send(message: TrainerToHostBody): Promise<void>
  onMessage(listener: (message: HostToTrainer) => void, onInvalid: (error: Error) => void): void
  /** Called once, when the host process has gone away. */
  onHostGone(listener: () => void): void
}

const PARENT_CHECK_MS = 1000

function watchParent(onGone: () => void, disconnects?: NodeJS.Process): void {
  const parent = process.ppid
  let gone = false
  const report = () => {
    if (gone) return
    gone = true
    clearInterval(timer)
    onGone()
  }
  const timer = setInterval(() => {
    if (process.ppid !== parent || !isProcessAlive(parent)) report()
  }, PARENT_CHECK_MS)
  timer.unref()
  disconnects?.once('disconnect', report)
}

/** The renderer event a trainer message becomes on the direct stream, or null if it is not streamed. */
export function toRendererEvent(message: TrainerToHostBody): ApiEvent | null {
  switch (message.type) {
    case 'progress':
      return { type: 'run.progress', runId: message.runId, step: message.step, total: message.total, phase: message.phase, etaSeconds: message.etaSeconds }
    case 'metrics':
      return { type: 'run.metrics', runId: message.runId, row: message.row }
    case 'log':
      return message.runId === null ? null : { type: 'run.log', runId: message.runId, level: message.level, message: message.message, time: message.time }
    default:
      return null
  }
}

export function connectToHost(): HostChannel {
  const parentPort = (process as unknown as { parentPort?: ParentPortLike }).parentPort
  if (parentPort) {
    let stream: PortLike | null = null
    return {
      send: async (message) => {
        parentPort.postMessage({ v: PROTOCOL_VERSION, ...message })
        const event = stream ? toRendererEvent(message) : null
        if (event) stream?.postMessage(event)
      },
      onMessage: (listener, onInvalid) =>
        parentPort.on('message', (event) => {
          const message = dispatch(event.data, onInvalid)
          if (message?.type === 'attach-stream') stream = event.ports[0] ?? null
          if (message) listener(message)
        }),
      onHostGone: (listener) => watchParent(listener),
    }
  }
  if (process.send) {
    const send = process.send.bind(process)
    return {
      send: (message) =>
        new Promise<void>((resolve) => {
          // A closed channel means the host is gone; there is nobody left to tell.
          send({ v: PROTOCOL_VERSION, ...message }, undefined, {}, () => resolve())
        }),
      onMessage: (listener, onInvalid) =>
        process.on('message', (raw) => {
          const message = dispatch(raw, onInvalid)
          if (message) listener(message)
        }),
      onHostGone: (listener) => watchParent(listener, process),
    }
  }
  throw new Error('The trainer must be started by a host (utilityProcess.fork or child_process.fork), not run directly.')
}

function dispatch(raw: unknown, onInvalid: (error: Error) => void): HostToTrainer | null {
  try {
    return parseHostToTrainer(raw)
  } catch (error) {
    onInvalid(error as Error)
    return null
  }
}
