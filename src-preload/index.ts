// The preload exposes exactly the typed API contract to the sandboxed renderer — never raw ipcRenderer.
// Calls are checked against the contract's method list here and validated again in main. Events arrive from
// main over IPC and, for live training data, straight from the trainer over a MessagePort.
import { contextBridge, ipcRenderer } from 'electron'
import { isApiMethod } from './contract/api'
import { ApiEvent } from './contract/events'
import type { ApiReply, ElectronBridge } from './contract/wire'
import { API_EVENT_CHANNEL, API_INVOKE_CHANNEL, TRAINER_STREAM_CHANNEL } from './channels'

const listeners = new Set<(event: unknown) => void>()

function deliver(raw: unknown): void {
  const parsed = ApiEvent.safeParse(raw)
  if (!parsed.success) return
  for (const listener of listeners) listener(parsed.data)
}

ipcRenderer.on(API_EVENT_CHANNEL, (_event, payload: unknown) => deliver(payload))
ipcRenderer.on(TRAINER_STREAM_CHANNEL, (event) => {
  const port = event.ports[0]
  if (!port) return
  port.onmessage = (message: { data: unknown }) => deliver(message.data)
  port.start()
})

const bridge: ElectronBridge = {
  invoke: async (method, request): Promise<ApiReply> => {
    if (!isApiMethod(method)) return { ok: false, error: { message: `unknown API method ${JSON.stringify(method)}`, field: 'method' } }
    return (await ipcRenderer.invoke(API_INVOKE_CHANNEL, method, request)) as ApiReply
  },
  onEvent: (listener) => {
    listeners.add(listener)
    return () => listeners.delete(listener)
  },
}

contextBridge.exposeInMainWorld('primeBridge', bridge)
