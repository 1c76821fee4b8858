// The main-side gate every call passes, whatever the transport: the method must exist, the request must match
// its schema (errors name the field), and the handler's answer must match the response schema.
import { apiContract, isApiMethod, type ApiMethod } from '../../src-preload/contract/api'
import { ContractError, parseOrThrow } from '../../src-preload/contract/validation'
import type { ApiReply } from '../../src-preload/contract/wire'
import { DatasetImportError } from '../tasks/import'
import type { ApiHandlers } from './api-handlers'
import { RequestError } from './request-error'

export type Dispatch = (method: unknown, request: unknown) => Promise<ApiReply>

export function createDispatch(handlers: ApiHandlers, log: (line: string) => void = () => {}): Dispatch {
  return async (method, request) => {
    try {
      if (!isApiMethod(method)) throw new ContractError(`unknown API method ${JSON.stringify(method)}`, 'method')
      const spec = apiContract[method]
      const parsed = parseOrThrow(spec.request, request, method, 'request', { unknownKeys: 'reject' })
      const handler = handlers[method] as (r: unknown) => unknown
      const result = parseOrThrow(spec.response, await handler(parsed), `${method} (host answer)`, 'response')
      return { ok: true, result }
    } catch (error) {
      const err = error as Error & { field?: string | null }
      // Bad requests and bad input files are the caller's to fix; anything else is a bug worth a stack trace.
      const expected = err instanceof ContractError || err instanceof RequestError || err instanceof DatasetImportError
      if (!expected) log(`${String(method)} failed: ${err.stack ?? err.message}`)
      return { ok: false, error: { message: err.message, field: err.field ?? null } }
    }
  }
}

export type { ApiMethod }
