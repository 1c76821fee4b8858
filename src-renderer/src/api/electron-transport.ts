import type { ApiMethod, ApiRequest, ApiResponse } from '../../../src-preload/contract/api'
import type { ApiEvent } from '../../../src-preload/contract/events'
import { ApiCallError, type ElectronBridge, type PrimeApi } from '../../../src-preload/contract/wire'

/** The API over Electron IPC, through the bridge the preload exposes. */
export function electronApi(bridge: ElectronBridge): PrimeApi {
  return {
    async invoke<M extends ApiMethod>(method: M, request: ApiRequest<M>): Promise<ApiResponse<M>> {
      const reply = await bridge.invoke(method, request)
      if (!reply.ok) throw new ApiCallError(method, reply.error)
      return reply.result as ApiResponse<M>
    },
    onEvent: (listener) => bridge.onEvent((event) => listener(event as ApiEvent)),
  }
}
