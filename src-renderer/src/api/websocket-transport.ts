import type { ApiMethod, ApiRequest, ApiResponse } from '../../../src-preload/contract/api'
import type { ApiEvent } from '../../../src-preload/contract/events'
import { decodeBinaryMessage } from '../../../src-preload/contract/binary-message'
import { ApiCallError, ApiReply, BINARY_API_PATH, BINARY_METHODS, ServerMessage, type PrimeApi } from '../../../src-preload/contract/wire'

const RECONNECT_DELAY_MS = 1000
const UNREACHABLE =
  'cannot reach the workbench host: it has stopped, or was restarted with a new access token (open the address `npm run serve` printed)'

/**
 * A call of a binary method (wire.ts BINARY_METHODS) to the browser-mode host whose API is at `apiUrl`: POSTed with
 * the same token, answered as one binary message. Works from a worker too (the series worker calls it itself).
 */
export async function invokeBinary<M extends ApiMethod>(apiUrl: URL, method: M, request: ApiRequest<M>): Promise<ApiResponse<M>> {
  const url = new URL(BINARY_API_PATH, apiUrl)
  url.search = apiUrl.search
  url.protocol = url.protocol === 'wss:' ? 'https:' : url.protocol === 'ws:' ? 'http:' : url.protocol
  let reply: ApiReply
  try {
    const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ callId: 0, method, request }) })
    if (!response.ok) throw new Error(`the workbench host refused the call (${response.status}): ${(await response.text()).trim()}`)
    reply = ApiReply.parse(decodeBinaryMessage(await response.arrayBuffer()))
  } catch (error) {
    throw new ApiCallError(method, { message: error instanceof Error ? error.message : String(error), field: null })
  }
  if (!reply.ok) throw new ApiCallError(method, reply.error)
  return reply.result as ApiResponse<M>
}

/**
 * The API over a WebSocket to the browser-mode host (binary methods over HTTP: invokeBinary). Calls made while the socket is (re)connecting wait for it;
 * a dropped connection fails the calls in flight and reconnects. Calls fail at once while the host refuses the
 * connection (stopped, or restarted: its access token changes at every launch).
 */
export function webSocketApi(url: URL): PrimeApi {
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
  const pending = new Map<number, (reply: ApiReply) => void>()
  const listeners = new Set<(event: ApiEvent) => void>()
  let nextCallId = 0
  let socket: Promise<WebSocket> = open()

  function open(): Promise<WebSocket> {
    const opening = new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(url)
      ws.onopen = () => resolve(ws)
      ws.onmessage = (message) => receive(String(message.data))
      ws.onclose = () => {
        reject(new Error(UNREACHABLE)) // no effect once open
        for (const [, settle] of pending) settle({ ok: false, error: { message: 'connection to the workbench host was lost', field: null } })
        pending.clear()
        setTimeout(() => (socket = open()), RECONNECT_DELAY_MS)
      }
    })
    opening.catch(() => {}) // the calls that await it report the failure
    return opening
  }

  function receive(text: string): void {
    const parsed = ServerMessage.safeParse(JSON.parse(text))
    if (!parsed.success) return
    const message = parsed.data
    if (message.kind === 'reply') {
      pending.get(message.callId)?.(message.reply)
      pending.delete(message.callId)
    } else {
      for (const listener of listeners) listener(message.event)
    }
  }

  return {
    async invoke<M extends ApiMethod>(method: M, request: ApiRequest<M>): Promise<ApiResponse<M>> {
      if (BINARY_METHODS.includes(method)) return invokeBinary(url, method, request)
      const ws = await socket.catch((error: Error) => {
        throw new ApiCallError(method, { message: error.message, field: null })
      })
      const callId = nextCallId++
      const reply = await new Promise<ApiReply>((resolve) => {
        pending.set(callId, resolve)
        ws.send(JSON.stringify({ callId, method, request }))
      })
      if (!reply.ok) throw new ApiCallError(method, reply.error)
      return reply.result as ApiResponse<M>
    },
    onEvent(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
