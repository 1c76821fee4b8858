// Every file the workbench writes goes through here, so that a crash or a full disk never leaves a file half
// written and every write error names its file:
//   writeFileAtomic / writeFileAtomicSync  replace a whole file: write a temporary sibling, fsync it, rename it over
//                                           the target, fsync the folder. Readers see the old file or the new one.
//   appendLine                              add one line to an append-only log (metrics.ndjson, events.ndjson); a
//                                           crash can cut only the last line short, which readers skip.
// Temporary names are `.<name>.tmp-<pid>-<random>`: the pid tells a later host whether their writer is still alive
// (host/leftovers.ts removes those whose writer is gone).
import { randomBytes } from 'node:crypto'
import { closeSync, fstatSync, fsyncSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs'
import { open, rename, rm, type FileHandle } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { killArmed, killPoint } from './kill-points'

const TEMP_PATTERN = /^\.(.+)\.(tmp|old)-(\d+)-[0-9a-f]+$/

/** The temporary sibling a write of `path` fills first (`kind` old: a folder's previous version, moved aside). */
export function tempPath(path: string, kind: 'tmp' | 'old' = 'tmp'): string {
  return join(dirname(path), `.${basename(path)}.${kind}-${process.pid}-${randomBytes(4).toString('hex')}`)
}

/** For a leftover temporary name: what it was for, and the pid of the process that wrote it. */
export function parseTempName(name: string): { target: string; kind: 'tmp' | 'old'; pid: number } | null {
  const match = TEMP_PATTERN.exec(name)
  return match ? { target: match[1]!, kind: match[2] as 'tmp' | 'old', pid: Number(match[3]) } : null
}

/** The error, with the file it concerns in front (Node names no path for a failed write(), fsync() or rename()). */
export function fileError(path: string, error: unknown): Error {
  const cause = error as NodeJS.ErrnoException
  const message = cause?.message ?? String(error)
  const named = new Error(message.includes(path) ? message : `${path}: ${message}`, { cause }) as NodeJS.ErrnoException
  if (cause?.code) named.code = cause.code
  return named
}

type Content = string | Uint8Array
/** Streams the content in pieces (e.g. a safetensors header, then one tensor after another). */
export type ContentWriter = (write: (bytes: Uint8Array) => Promise<void>) => Promise<void>

function bytesOf(content: Content): Uint8Array {
  return typeof content === 'string' ? Buffer.from(content, 'utf8') : content
}

/** Replaces `path` with `content` atomically and durably. */
export async function writeFileAtomic(path: string, content: Content | ContentWriter): Promise<void> {
  const temp = tempPath(path)
  let handle: FileHandle | null = null
  try {
    handle = await open(temp, 'wx')
    const target = handle
    const write = async (bytes: Uint8Array) => {
      let done = 0
      while (done < bytes.length) done += (await target.write(bytes, done, bytes.length - done)).bytesWritten
    }
    if (typeof content === 'function') {
      let first = true
      await content(async (bytes) => {
        await write(bytes)
        if (first) killPoint(path, 'partial')
        first = false
      })
    } else {
      const bytes = bytesOf(content)
      const half = killArmed(path, 'partial') ? bytes.length >> 1 : bytes.length
      await write(bytes.subarray(0, half))
      killPoint(path, 'partial')
      await write(bytes.subarray(half))
    }
    await handle.sync()
    await handle.close()
    handle = null
    killPoint(path, 'rename')
    await rename(temp, path)
    await syncFolder(dirname(path))
  } catch (error) {
    await handle?.close().catch(() => {})
    await rm(temp, { force: true })
    throw fileError(path, error)
  }
}

/** writeFileAtomic for synchronous callers (the host's small JSON files, the trainer's metrics rewrite). */
export function writeFileAtomicSync(path: string, content: Content): void {
  const temp = tempPath(path)
  let fd: number | null = null
  try {
    fd = openSync(temp, 'wx')
    const bytes = bytesOf(content)
    const half = killArmed(path, 'partial') ? bytes.length >> 1 : bytes.length
    writeAllSync(fd, bytes.subarray(0, half))
    killPoint(path, 'partial')
    writeAllSync(fd, bytes.subarray(half))
    fsyncSync(fd)
    closeSync(fd)
    fd = null
    killPoint(path, 'rename')
    renameSync(temp, path)
    syncFolderSync(dirname(path))
  } catch (error) {
    if (fd !== null) closeSync(fd)
    rmSync(temp, { force: true })
    throw fileError(path, error)
  }
}

/**
 * Appends one line (the newline is added here), handed to the OS before returning. When the file ends in a line
 * cut short (its writer crashed mid-append), the new line starts on a line of its own, so it is not lost with it.
 */
export function appendLine(path: string, line: string): void {
  let fd: number | null = null
  try {
    fd = openSync(path, 'a+')
    const size = fstatSync(fd).size
    const last = Buffer.alloc(1)
    const cutShort = size > 0 && readSync(fd, last, 0, 1, size - 1) === 1 && last[0] !== 0x0a
    const text = Buffer.from(`${cutShort ? '\n' : ''}${line}\n`, 'utf8')
    const half = killArmed(path, 'partial') ? text.length >> 1 : text.length
    writeAllSync(fd, text.subarray(0, half))
    killPoint(path, 'partial')
    writeAllSync(fd, text.subarray(half))
  } catch (error) {
    throw fileError(path, error)
  } finally {
    if (fd !== null) closeSync(fd)
  }
}

function writeAllSync(fd: number, bytes: Uint8Array): void {
  let done = 0
  while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done)
}

/**
 * fsync a folder, so that the renames and new entries in it survive a power loss. Windows cannot open a folder
 * for syncing (and its renames are durable once done), so it is skipped there.
 */
export async function syncFolder(path: string): Promise<void> {
  if (process.platform === 'win32') return
  const handle = await open(path, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

function syncFolderSync(path: string): void {
  if (process.platform === 'win32') return
  const fd = openSync(path, 'r')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}
