// The envelope every API call travels in, whatever the transport (Electron IPC or a WebSocket).
import { z } from 'zod'
import { ApiEvent } from './events'
import type { ApiMethod, ApiRequest, ApiResponse } from './api'

/**
 * Browser mode: the WebSocket's path on the host, and the query parameter of the per-launch access token that the
 * page's address carries and the WebSocket must present (src-main/host/browser-server.ts).
 */
export const BROWSER_API_PATH = '/api'
export const ACCESS_TOKEN_PARAMETER = 'token'

/**
 * Methods whose answers hold typed arrays (megabytes of them). Electron's IPC carries them as they are; in browser
 * mode they are not sent over the WebSocket, whose JSON would write every number as text, but answered to a POST of
 * the call (an ApiCallMessage) to BINARY_API_PATH, with the same token and origin checks, as a binary message
 * (binary-message.ts).
 */
export const BINARY_METHODS: readonly ApiMethod[] = ['runs.metricColumns']
export const BINARY_API_PATH = '/api/binary'

export const ApiCallMessage = z.object({
  /** Correlates a reply with its call on transports that do not do it themselves (WebSocket). */
  callId: z.number().int().min(0),
  method: z.string(),
  request: z.unknown(),
})
export type ApiCallMessage = z.infer<typeof ApiCallMessage>

export const ApiErrorBody = z.object({ message: z.string(), field: z.string().nullable() })
export type ApiErrorBody = z.infer<typeof ApiErrorBody>

export const ApiReply = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({ ok: z.literal(false), error: ApiErrorBody }),
])
export type ApiReply = z.infer<typeof ApiReply>

/** What the WebSocket carries from host to page: replies to calls, and pushed events. */
export const ServerMessage = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('reply'), callId: z.number().int(), reply: ApiReply }),
  z.object({ kind: z.literal('event'), event: ApiEvent }),
])
export type ServerMessage = z.infer<typeof ServerMessage>

/** The API as the renderer sees it: the same object whether it talks to Electron's preload or to a WebSocket. */
export interface PrimeApi {
  invoke<M extends ApiMethod>(method: M, request: ApiRequest<M>): Promise<ApiResponse<M>>
  /** Subscribe to pushed events; returns the unsubscribe function. */
  onEvent(listener: (event: ApiEvent) => void): () => void
}

/** The raw bridge the Electron preload exposes: replies come back as envelopes and are unwrapped by the client. */
export interface ElectronBridge {
  invoke(method: string, request: unknown): Promise<ApiReply>
  onEvent(listener: (event: unknown) => void): () => void
}

export class ApiCallError extends Error {
  constructor(
    readonly method: string,
    readonly body: ApiErrorBody,
  ) {
    super(body.message)
    this.name = 'ApiCallError'
  }
}
