// Validates what a trainer says, remembers its last log lines, and tells the difference between a trainer that
// finished (it sent `exit` first) and one that crashed (it died without saying so, or said it failed).
import type { ExitReason } from '../../src-preload/contract/schemas'
import { parseTrainerToHost, type HostToTrainerBody, type TrainerToHost, PROTOCOL_VERSION } from '../trainer/protocol'
import type { TrainerProcess } from './trainer-process'

const LOG_LINES_KEPT = 40

export interface TrainerEnd {
  /** `crashed` = died without announcing its exit; otherwise the reason it announced. */
  reason: ExitReason | 'crashed'
  exitCode: number | null
  signal: string | null
  /** The error it reported, if any. */
  error: string | null
  lastLogLines: string[]
}

export class TrainerClient {
  private readonly lastLines: string[] = []
  private announcedExit: TrainerToHost & { type: 'exit' } | null = null
  private reportedError: string | null = null
  private readonly messageListeners: ((message: TrainerToHost) => void)[] = []
  private readonly endListeners: ((end: TrainerEnd) => void)[] = []
  readonly ended: Promise<TrainerEnd>

  constructor(readonly process: TrainerProcess) {
    process.onOutput((line) => this.remember(line))
    process.onMessage((raw) => this.receive(raw))
    this.ended = new Promise((resolve) => {
      process.onExit((exitCode, signal) => {
        const end = this.describeEnd(exitCode, signal)
        resolve(end)
        for (const listener of this.endListeners) listener(end)
      })
    })
  }

  get pid(): number | null {
    return this.process.pid
  }

  send(message: HostToTrainerBody): void {
    this.process.send({ v: PROTOCOL_VERSION, ...message } as Parameters<TrainerProcess['send']>[0])
  }

  onMessage(listener: (message: TrainerToHost) => void): void {
    this.messageListeners.push(listener)
  }

  onEnd(listener: (end: TrainerEnd) => void): void {
    this.endListeners.push(listener)
  }

  /** Resolves with the next message of the given type, or rejects if the trainer ends first. */
  next<K extends TrainerToHost['type']>(type: K): Promise<Extract<TrainerToHost, { type: K }>> {
    return new Promise((resolve, reject) => {
      this.onMessage((message) => {
        if (message.type === type) resolve(message as Extract<TrainerToHost, { type: K }>)
      })
      void this.ended.then((end) =>
        reject(new Error(`trainer ended (${end.reason}, code ${end.exitCode}, signal ${end.signal}) before answering`)),
      )
    })
  }

  kill(): void {
    this.process.kill()
  }

  private receive(raw: unknown): void {
    let message: TrainerToHost
    try {
      message = parseTrainerToHost(raw)
    } catch (error) {
      this.remember(`[host] rejected a trainer message: ${(error as Error).message}`)
      return
    }
    if (message.type === 'log') this.remember(`[${message.level}] ${message.message}`)
    if (message.type === 'error') {
      this.reportedError = message.message
      this.remember(`[error] ${message.message}`)
    }
    if (message.type === 'exit') this.announcedExit = message
    for (const listener of this.messageListeners) listener(message)
  }

  private remember(line: string): void {
    if (line.trim() === '') return
    this.lastLines.push(line)
    if (this.lastLines.length > LOG_LINES_KEPT) this.lastLines.shift()
  }

  private describeEnd(exitCode: number | null, signal: string | null): TrainerEnd {
    const announced = this.announcedExit
    const reason = announced && announced.code === exitCode ? announced.reason : 'crashed'
    return { reason, exitCode, signal, error: this.reportedError, lastLogLines: [...this.lastLines] }
  }
}
