// Writes a directory so that readers see either the old one or the complete new one, never a half-written
// one: fill a temporary sibling, sync it, then swap it in with renames (atomic within one filesystem).
import { mkdir, rename, rm } from 'node:fs/promises'
import { dirname } from 'node:path'
import { fileError, syncFolder, tempPath } from './atomic-file'
import { killPoint } from './kill-points'

export async function writeDirectoryAtomically(dir: string, fill: (tempDir: string) => Promise<void>): Promise<void> {
  const parent = dirname(dir)
  await mkdir(parent, { recursive: true })
  const temp = tempPath(dir)
  try {
    await mkdir(temp)
    await fill(temp)
    await syncFolder(temp)
  } catch (e) {
    await rm(temp, { recursive: true, force: true })
    throw fileError(dir, inFinalPlace(e, temp, dir))
  }
  killPoint(dir, 'rename')
  // rename() cannot replace a non-empty directory, so an existing one is moved aside first. A crash between
  // the two renames leaves the old version at `.<name>.old-<pid>-<tag>` and no `<name>`: never a mixed directory
  // (the next host puts the old version back: src-main/host/leftovers.ts).
  const old = tempPath(dir, 'old')
  let replaced = false
  try {
    await rename(dir, old)
    replaced = true
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
      await rm(temp, { recursive: true, force: true })
      throw fileError(dir, e)
    }
  }
  if (replaced) killPoint(dir, 'swap')
  try {
    await rename(temp, dir)
  } catch (e) {
    if (replaced) await rename(old, dir)
    await rm(temp, { recursive: true, force: true })
    throw fileError(dir, e)
  }
  await syncFolder(parent)
  if (replaced) await rm(old, { recursive: true, force: true })
}

/** An error from filling the temporary folder, naming the files where they were meant to be. */
function inFinalPlace(error: unknown, temp: string, dir: string): unknown {
  if (!(error instanceof Error) || !error.message.includes(temp)) return error
  const moved = new Error(error.message.replaceAll(temp, dir), { cause: error }) as NodeJS.ErrnoException
  moved.code = (error as NodeJS.ErrnoException).code
  return moved
}
