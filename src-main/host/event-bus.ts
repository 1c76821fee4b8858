// Fan-out of events to every connected window or page. `direct` marks events that already reached an Electron
// renderer over the trainer's MessagePort, so the Electron transport does not deliver them twice.
import type { ApiEvent } from '../../src-preload/contract/events'

export interface HostEvent {
  event: ApiEvent
  direct: boolean
}

export class EventBus {
  private readonly listeners = new Set<(event: HostEvent) => void>()

  emit(event: ApiEvent, direct = false): void {
    for (const listener of this.listeners) listener({ event, direct })
  }

  subscribe(listener: (event: HostEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
