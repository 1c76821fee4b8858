// The main-side gate every call passes, whatever the transport: the method must exist, the request must match
// its schema (errors name the field), and the handler's answer must match the response schema.
import { apiContract, isApiMethod, type ApiMethod } from '../../src-preload/contract/api'
import { ContractError, parseOrThrow } from '../../src-preload/contract/validation'
import type { ApiReply } from '../../src-preload/contract/wire'
import type { ApiHandlers } from './api-handlers'

export type Dispatch = (method: unknown, request: unknown) => Promise<ApiReply>

export function createDispatch(handlers: ApiHandlers, log: (line: string) => void = () => {}): Dispatch {
  return async (method, request) => {
    try {
      if (!isApiMethod(method)) throw new ContractError(`unknown API method ${JSON.stringify(method)}`, 'method')
      const spec = apiContract[method]
      const parsed = parseOrThrow(spec.request, request, method, 'request')
      const handler = handlers[method] as (r: unknown) => unknown
      const result = parseOrThrow(spec.response, await handler(parsed), `${method} (host answer)`, 'response')
      return { ok: true, result }
    } catch (error) {
      const err = error as Error & { field?: string | null }
      if (!(err instanceof ContractError) && !('field' in err)) log(`${String(method)} failed: ${err.stack ?? err.message}`)
      return { ok: false, error: { message: err.message, field: err.field ?? null } }
    }
  }
}

export type { ApiMethod }
