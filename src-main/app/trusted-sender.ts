// Every IPC call must come from the main frame of our own window, showing our own files — not from another
// window, an iframe, or a page the window was somehow navigated to. Types only, so it is testable without Electron.
import type { IpcMainInvokeEvent, WebContents } from 'electron'

type SenderFacts = Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>

export function isTrustedSender(event: SenderFacts, ours: Pick<WebContents, 'mainFrame'> | null, rendererUrl: string): boolean {
  const frame = event.senderFrame
  if (ours === null || frame === null || event.sender !== ours || frame !== ours.mainFrame) return false
  const base = rendererUrl.endsWith('/') ? rendererUrl : `${rendererUrl}/`
  return frame.url.startsWith(base)
}
