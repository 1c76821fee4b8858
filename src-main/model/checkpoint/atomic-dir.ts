// Writes a directory so that readers see either the old one or the complete new one, never a half-written
// one: fill a temporary sibling, sync it, then swap it in with renames (atomic within one filesystem).
import { randomBytes } from 'node:crypto'
import { mkdir, open, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

export async function writeDirectoryAtomically(dir: string, fill: (tempDir: string) => Promise<void>): Promise<void> {
  const parent = dirname(dir)
  await mkdir(parent, { recursive: true })
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`
  const temp = join(parent, `.${basename(dir)}.tmp-${tag}`)
  await mkdir(temp)
  try {
    await fill(temp)
    await syncPath(temp)
  } catch (e) {
    await rm(temp, { recursive: true, force: true })
    throw e
  }
  // rename() cannot replace a non-empty directory, so an existing one is moved aside first. A crash between
  // the two renames leaves the old version at `.<name>.old-<tag>` and no `<name>`: never a mixed directory.
  const old = join(parent, `.${basename(dir)}.old-${tag}`)
  let replaced = false
  try {
    await rename(dir, old)
    replaced = true
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
      await rm(temp, { recursive: true, force: true })
      throw e
    }
  }
  try {
    await rename(temp, dir)
  } catch (e) {
    if (replaced) await rename(old, dir)
    await rm(temp, { recursive: true, force: true })
    throw e
  }
  await syncPath(parent)
  if (replaced) await rm(old, { recursive: true, force: true })
}

/** fsync a directory, so the renames and new entries inside it survive a power loss. */
async function syncPath(path: string): Promise<void> {
  const handle = await open(path, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}
