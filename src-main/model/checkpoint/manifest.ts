// A checkpoint's manifest.json: the SHA-256 and size of every file in the folder, written last (inside the
// temporary folder, before it is swapped in) and checked before the checkpoint is used, so a weight file damaged
// after it was written (a bad disk, a stray overwrite) is found instead of silently trained on. Folders without a
// manifest (imported Hugging Face models, checkpoints from before manifests) are read unchecked.
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { readdir, stat } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import { readOptionalJson, writeJson } from './json-file'

export const MANIFEST_FILE = 'manifest.json'
const MANIFEST_FORMAT = 'prime-workbench/manifest-v1'

interface FileDigest {
  bytes: number
  sha256: string
}

interface Manifest {
  format: typeof MANIFEST_FORMAT
  files: Record<string, FileDigest>
}

export class CorruptCheckpointError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: ${reason}`)
    this.name = 'CorruptCheckpointError'
  }
}

async function digest(path: string): Promise<FileDigest> {
  const hash = createHash('sha256')
  let bytes = 0
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer)
    bytes += (chunk as Buffer).length
  }
  return { bytes, sha256: hash.digest('hex') }
}

/** Every file below `dir` but the manifest, as paths relative to it with '/' separators, sorted. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .filter((path) => path !== MANIFEST_FILE)
    .sort()
}

/** Hashes every file of the (complete) folder into its manifest.json. */
export async function writeManifest(dir: string): Promise<void> {
  const files: Record<string, FileDigest> = {}
  for (const path of await listFiles(dir)) files[path] = await digest(join(dir, path))
  const manifest: Manifest = { format: MANIFEST_FORMAT, files }
  await writeJson(join(dir, MANIFEST_FILE), manifest)
}

/**
 * Throws CorruptCheckpointError naming the first file that is missing or whose size or SHA-256 differs from the
 * manifest (or the manifest itself, when unreadable). Returns false when the folder has no manifest.
 */
export async function verifyManifest(dir: string): Promise<boolean> {
  const path = join(dir, MANIFEST_FILE)
  let raw: unknown
  try {
    raw = await readOptionalJson(path)
  } catch (error) {
    throw new CorruptCheckpointError(path, (error as Error).message.replace(`${path}: `, ''))
  }
  if (raw === null) return false
  const manifest = raw as Partial<Manifest>
  if (manifest.format !== MANIFEST_FORMAT || typeof manifest.files !== 'object' || manifest.files === null) {
    throw new CorruptCheckpointError(path, `not a ${MANIFEST_FORMAT} manifest`)
  }
  for (const [name, expected] of Object.entries(manifest.files)) {
    const file = join(dir, ...name.split('/'))
    const size = await stat(file).then((s) => s.size, () => null)
    if (size === null) throw new CorruptCheckpointError(file, 'missing (listed in the checkpoint manifest)')
    if (size !== expected.bytes) throw new CorruptCheckpointError(file, `${size} bytes, the manifest says ${expected.bytes}: the file is damaged`)
    const found = await digest(file)
    if (found.sha256 !== expected.sha256) throw new CorruptCheckpointError(file, `SHA-256 ${found.sha256} differs from the manifest's ${expected.sha256}: the file is damaged`)
  }
  return true
}
