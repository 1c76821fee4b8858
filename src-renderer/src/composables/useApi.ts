// One API connection per page, shared by every view.
import type { PrimeApi } from '../../../src-preload/contract/wire'
import { connectApi } from '../api/client'

let api: PrimeApi | null = null

export function useApi(): PrimeApi {
  api ??= connectApi()
  return api
}

/** The message of an error from a call, for showing to the user. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
