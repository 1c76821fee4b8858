// Sends a file picked or dropped on the page to the host in chunks (`datasets.upload.begin/append/finish`): the
// page cannot hand the host a local path, and one WebSocket message is capped at 4 MiB. Chunks go one at a time, in
// order, each as base64; only one chunk of the file is in memory at once.
import type { ApiMethod, ApiRequest, ApiResponse } from '../../../../src-preload/contract/api'

/** Base64 of bytes, without building one huge argument list (String.fromCharCode takes at most ~64k arguments). */
export function toBase64(bytes: Uint8Array): string {
  const STEP = 0x8000
  let binary = ''
  for (let i = 0; i < bytes.length; i += STEP) binary += String.fromCharCode(...bytes.subarray(i, i + STEP))
  return btoa(binary)
}

/** [start, end) byte ranges of `size` bytes in chunks of at most `chunkBytes`. */
export function chunkRanges(size: number, chunkBytes: number): [number, number][] {
  if (!(chunkBytes > 0)) throw new RangeError(`chunk size must be positive, got ${chunkBytes}`)
  const ranges: [number, number][] = []
  for (let start = 0; start < size; start += chunkBytes) ranges.push([start, Math.min(size, start + chunkBytes)])
  return ranges
}

type Invoke = <M extends ApiMethod>(method: M, request: ApiRequest<M>) => Promise<ApiResponse<M>>

export interface UploadCallbacks {
  /** The upload id, once the host has opened the upload (to match its import progress events). */
  onBegin?: (uploadId: string) => void
  onSent?: (sentBytes: number, totalBytes: number) => void
  /** Checked before each chunk: true stops the upload (it is cancelled on the host). */
  cancelled?: () => boolean
}

export class UploadCancelled extends Error {
  constructor() {
    super('upload cancelled')
    this.name = 'UploadCancelled'
  }
}

/**
 * Send `file` to the host; resolves with the upload id once every byte is there. The upload stays open for a
 * preview and the import (`datasets.upload.finish`), or a cancel; a failure or cancel here cancels it on the host.
 */
export async function uploadFile(invoke: Invoke, file: File, callbacks: UploadCallbacks = {}): Promise<string> {
  const { uploadId, chunkBytes } = await invoke('datasets.upload.begin', { fileName: file.name, totalBytes: file.size })
  callbacks.onBegin?.(uploadId)
  try {
    for (const [start, end] of chunkRanges(file.size, chunkBytes)) {
      if (callbacks.cancelled?.()) throw new UploadCancelled()
      const bytes = new Uint8Array(await file.slice(start, end).arrayBuffer())
      await invoke('datasets.upload.append', { uploadId, offset: start, contentBase64: toBase64(bytes) })
      callbacks.onSent?.(end, file.size)
    }
  } catch (error) {
    await invoke('datasets.upload.cancel', { uploadId }).catch(() => undefined)
    throw error
  }
  return uploadId
}
