// Files the page uploads for import, held on disk until `finish` hands them to the importer. A browser page cannot
// give the host a local path, and one WebSocket message is capped at 4 MiB, so a file arrives as ordered chunks:
// begin (name and size), append (each chunk at the next offset), then the service imports it and discards it.
//
// The copy lives at <dir>/<uploadId>/<file name>: the importer detects the format from the extension and names the
// file in its errors, so the researcher's own file name is kept (reduced to a safe base name). Nothing survives a
// restart (a host starting with no other host on the workspace removes the folder: host/leftovers.ts), an upload
// idle for IDLE_MS is dropped, and at most MAX_OPEN_UPLOADS are open at once, so abandoned uploads cannot fill the disk.
import { existsSync, mkdirSync, rmdirSync, rmSync, writeFileSync } from 'node:fs'
import { appendFile } from 'node:fs/promises'
import { join } from 'node:path'
import { UPLOAD_CHUNK_BYTES } from '../../src-preload/contract/schemas'
import { RequestError } from './request-error'
import { newId } from './workspace'

const IDLE_MS = 30 * 60 * 1000
const MAX_OPEN_UPLOADS = 4
const MAX_FILE_NAME = 200

interface Upload {
  id: string
  fileName: string
  path: string
  totalBytes: number
  receivedBytes: number
  lastActivity: number
  /** Set by take(): the file is being imported, no more chunks. */
  taken: boolean
  /** An append is writing: a second one for the same upload must wait its turn (it would race on the offset). */
  writing: boolean
}

export interface UploadedFile {
  uploadId: string
  fileName: string
  path: string
}

/**
 * The last path segment of a name the page sent, with anything but letters, digits and `._-+()` and spaces replaced
 * by `_`: safe as a file name on every platform, and never `.`/`..` or hidden.
 */
export function safeUploadName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? ''
  const cleaned = base.replace(/[^A-Za-z0-9._\-+() ]/g, '_').replace(/^[.\s]+/, '').trim().slice(-MAX_FILE_NAME)
  if (cleaned === '') {
    throw new RequestError(`fileName ${JSON.stringify(fileName)} has no usable characters`, 'request.fileName')
  }
  return cleaned
}

function removeIfEmpty(dir: string): void {
  try {
    rmdirSync(dir)
  } catch (error) {
    if (!['ENOENT', 'ENOTEMPTY', 'EEXIST'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error
  }
}

export class DatasetUploads {
  private readonly uploads = new Map<string, Upload>()

  constructor(
    private readonly dir: string,
    private readonly now: () => number = Date.now,
  ) {}

  begin(fileName: string, totalBytes: number): { uploadId: string; chunkBytes: number } {
    this.dropIdle()
    const name = safeUploadName(fileName)
    if (this.uploads.size >= MAX_OPEN_UPLOADS) {
      throw new RequestError(`${this.uploads.size} uploads are already open; finish or cancel one first`, 'request.uploadId')
    }
    const id = newId('up')
    mkdirSync(join(this.dir, id), { recursive: true })
    // The file exists from the start, so an empty upload reaches the importer (which says it is empty) as a file.
    writeFileSync(join(this.dir, id, name), '')
    this.uploads.set(id, {
      id,
      fileName: name,
      path: join(this.dir, id, name),
      totalBytes,
      receivedBytes: 0,
      lastActivity: this.now(),
      taken: false,
      writing: false,
    })
    return { uploadId: id, chunkBytes: UPLOAD_CHUNK_BYTES }
  }

  async append(uploadId: string, offset: number, contentBase64: string): Promise<{ receivedBytes: number }> {
    const upload = this.open(uploadId)
    if (upload.writing) throw new RequestError(`upload ${uploadId}: a chunk is still being written; send chunks one at a time`, 'request.offset')
    if (offset !== upload.receivedBytes) {
      throw new RequestError(`upload ${uploadId}: chunk at byte ${offset}, expected byte ${upload.receivedBytes} (chunks go in order, once each)`, 'request.offset')
    }
    const bytes = Buffer.from(contentBase64, 'base64')
    if (bytes.length > UPLOAD_CHUNK_BYTES) {
      throw new RequestError(`upload ${uploadId}: a chunk holds at most ${UPLOAD_CHUNK_BYTES} bytes, got ${bytes.length}`, 'request.contentBase64')
    }
    if (offset + bytes.length > upload.totalBytes) {
      throw new RequestError(
        `upload ${uploadId}: ${offset + bytes.length} bytes is more than the ${upload.totalBytes} announced at begin`,
        'request.contentBase64',
      )
    }
    upload.writing = true
    try {
      await appendFile(upload.path, bytes)
    } finally {
      upload.writing = false
    }
    upload.receivedBytes += bytes.length
    upload.lastActivity = this.now()
    return { receivedBytes: upload.receivedBytes }
  }

  /** The complete file, for importing; the caller must discard() it afterwards, whatever happens. */
  take(uploadId: string): UploadedFile {
    const upload = this.open(uploadId)
    if (upload.writing) throw new RequestError(`upload ${uploadId}: a chunk is still being written`, 'request.uploadId')
    if (upload.receivedBytes !== upload.totalBytes) {
      throw new RequestError(`upload ${uploadId}: received ${upload.receivedBytes} of ${upload.totalBytes} bytes; send the rest first`, 'request.uploadId')
    }
    upload.taken = true
    return { uploadId, fileName: upload.fileName, path: upload.path }
  }

  /** A complete upload, to preview: it stays open for the import that follows (or a cancel). */
  peek(uploadId: string): UploadedFile {
    const upload = this.open(uploadId)
    if (upload.writing || upload.receivedBytes !== upload.totalBytes) {
      throw new RequestError(`upload ${uploadId}: received ${upload.receivedBytes} of ${upload.totalBytes} bytes; send the rest first`, 'request.uploadId')
    }
    upload.lastActivity = this.now()
    return { uploadId, fileName: upload.fileName, path: upload.path }
  }

  cancel(uploadId: string): void {
    const upload = this.uploads.get(uploadId)
    if (!upload) throw new RequestError(`no open upload ${uploadId}`, 'request.uploadId')
    if (upload.taken) throw new RequestError(`upload ${uploadId} is being imported`, 'request.uploadId')
    this.discard(uploadId)
  }

  discard(uploadId: string): void {
    this.uploads.delete(uploadId)
    rmSync(join(this.dir, uploadId), { recursive: true, force: true })
    // The last upload gone, so is the folder (unless another host's uploads are in it): a workspace without
    // uploads holds only datasets.
    if (this.uploads.size === 0) removeIfEmpty(this.dir)
  }

  /** Ids of the uploads still held (for tests and diagnostics). */
  openIds(): string[] {
    return [...this.uploads.keys()]
  }

  private open(uploadId: string): Upload {
    const upload = this.uploads.get(uploadId)
    if (!upload || !existsSync(join(this.dir, uploadId))) throw new RequestError(`no open upload ${uploadId} (finished, cancelled or idle too long)`, 'request.uploadId')
    if (upload.taken) throw new RequestError(`upload ${uploadId} is already being imported`, 'request.uploadId')
    return upload
  }

  private dropIdle(): void {
    const cutoff = this.now() - IDLE_MS
    for (const upload of [...this.uploads.values()]) {
      if (!upload.taken && !upload.writing && upload.lastActivity < cutoff) this.discard(upload.id)
    }
  }
}
