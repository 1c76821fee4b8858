// The renderer's one way to reach the main side. It picks the transport — the Electron preload's bridge when the
// page runs in the desktop app, a WebSocket to the host otherwise — and returns the same PrimeApi either way.
// No other renderer code knows which one it has.
import { ACCESS_TOKEN_PARAMETER, BROWSER_API_PATH, type ElectronBridge, type PrimeApi } from '../../../src-preload/contract/wire'
import { electronApi } from './electron-transport'
import { webSocketApi } from './websocket-transport'

declare global {
  interface Window {
    primeBridge?: ElectronBridge
  }
}

export function connectApi(): PrimeApi {
  return window.primeBridge ? electronApi(window.primeBridge) : webSocketApi(browserApiUrl(window.location))
}

/**
 * Where a worker of this page can open its own connection to the host: the browser-mode host's API endpoint (a
 * worker's WebSocket has the page's origin, and the token travels in the address). null in the desktop app, whose
 * API reaches only the page, through the preload bridge.
 */
export function workerApiUrl(): string | null {
  return window.primeBridge ? null : browserApiUrl(window.location).href
}

/** The browser-mode host's API endpoint, with the access token the page's own address carries. */
function browserApiUrl(page: Location): URL {
  const url = new URL(BROWSER_API_PATH, page.href)
  const token = new URLSearchParams(page.search).get(ACCESS_TOKEN_PARAMETER)
  if (token !== null) url.searchParams.set(ACCESS_TOKEN_PARAMETER, token)
  return url
}
