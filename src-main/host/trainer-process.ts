// A running trainer as the host sees it, whatever started it: Node's child_process.fork (browser mode, CLI, tests)
// or Electron's utilityProcess.fork (desktop app, implemented in src-main/app). Messages are raw here; the
// TrainerClient validates them against the protocol.
import { fork } from 'node:child_process'
import type { HostToTrainerBody } from '../trainer/protocol'
import { trainerEnv } from './trainer-env'

export interface TrainerProcess {
  readonly pid: number | null
  /**
   * True when progress, metrics and logs also reach the renderer directly over a MessagePort (Electron), so the
   * host need not forward them itself.
   */
  readonly streamsToRenderer: boolean
  send(message: HostToTrainerBody & { v: number }): void
  onMessage(listener: (raw: unknown) => void): void
  /** Each line the process writes to stdout or stderr (kept for crash reports). */
  onOutput(listener: (line: string) => void): void
  onExit(listener: (code: number | null, signal: string | null) => void): void
  kill(): void
}

/** Starts a trainer for one run (runId) or for a one-off question such as describe-runtime (runId null). */
export type SpawnTrainer = (runId: string | null) => TrainerProcess

export interface ForkOptions {
  /** The trainer entry: out/main/trainer.js when built, src-main/trainer/main.ts with tsx under tests. */
  entry: string
  execArgv?: string[]
  env?: NodeJS.ProcessEnv
}

export function forkTrainerProcess({ entry, execArgv = [], env }: ForkOptions): TrainerProcess {
  const child = fork(entry, [], {
    execArgv,
    env: trainerEnv(env ?? process.env),
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    serialization: 'advanced',
  })
  const outputListeners: ((line: string) => void)[] = []
  for (const stream of [child.stdout, child.stderr]) {
    let pending = ''
    stream?.setEncoding('utf8')
    stream?.on('data', (chunk: string) => {
      const lines = (pending + chunk).split('\n')
      pending = lines.pop() ?? ''
      for (const line of lines) for (const listener of outputListeners) listener(line)
    })
  }
  // A send to a process that just died fails asynchronously; the exit listener reports the death instead.
  child.on('error', () => {})
  return {
    get pid() {
      return child.pid ?? null
    },
    streamsToRenderer: false,
    send: (message) => {
      if (child.connected) child.send(message)
    },
    onMessage: (listener) => child.on('message', listener),
    onOutput: (listener) => outputListeners.push(listener),
    onExit: (listener) => child.on('exit', listener),
    kill: () => {
      child.kill('SIGKILL')
    },
  }
}
