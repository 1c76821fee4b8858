// The renderer's one way to reach the main side. It picks the transport — the Electron preload's bridge when the
// page runs in the desktop app, a WebSocket to the host otherwise — and returns the same PrimeApi either way.
// No other renderer code knows which one it has.
import type { ElectronBridge, PrimeApi } from '../../../src-preload/contract/wire'
import { electronApi } from './electron-transport'
import { webSocketApi } from './websocket-transport'

declare global {
  interface Window {
    primeBridge?: ElectronBridge
  }
}

export function connectApi(): PrimeApi {
  return window.primeBridge ? electronApi(window.primeBridge) : webSocketApi(new URL('/api', window.location.href))
}
