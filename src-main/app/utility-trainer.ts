// Trainers in the desktop app run in Electron utility processes. Each gets a MessageChannel whose other end goes
// to the renderer, so live progress, metrics and logs reach the window without passing through main.
import { MessageChannelMain, utilityProcess, type WebContents } from 'electron'
import type { TrainerProcess } from '../host/trainer-process'
import { trainerEnv } from '../host/trainer-env'
import { TRAINER_STREAM_CHANNEL } from '../../src-preload/channels'

export function forkUtilityTrainer(entry: string, runId: string | null, window: () => WebContents | null): TrainerProcess {
  const child = utilityProcess.fork(entry, [], { serviceName: 'PRIME trainer', stdio: 'pipe', env: trainerEnv() })
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
  const contents = window()
  const streams = runId !== null && contents !== null
  if (streams) {
    const { port1, port2 } = new MessageChannelMain()
    child.postMessage({ v: 1, type: 'attach-stream' }, [port1])
    contents.postMessage(TRAINER_STREAM_CHANNEL, { runId }, [port2])
  }
  return {
    get pid() {
      return child.pid ?? null
    },
    streamsToRenderer: streams,
    send: (message) => child.postMessage(message),
    onMessage: (listener) => child.on('message', listener),
    onOutput: (listener) => outputListeners.push(listener),
    onExit: (listener) => child.on('exit', (code) => listener(code, null)),
    kill: () => {
      child.kill()
    },
  }
}
