// An export folder as the package Ray ships as a job's working_dir: a zip of the folder's files at the zip's root
// (the SDK's create_package with include_parent_dir=False), named `_ray_pkg_<md5 of the zip>.zip` as the SDK names a
// package given as a file (ray/_private/runtime_env/packaging.py get_uri_for_package). Entries carry a fixed time,
// so the same folder gives the same package and the cluster skips the upload. What a run writes (`outputs/`) stays
// out, as does anything over Ray's package limit.
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { zipSync, type Zippable } from 'fflate'

/** Ray refuses larger working_dir packages (packaging.py GCS_STORAGE_MAX_SIZE: RAY_max_grpc_message_size, 500 MiB by default). */
export const MAX_PACKAGE_BYTES = 500 * 1024 * 1024
const FIXED_TIME = new Date('1980-01-01T00:00:00Z')

function filesUnder(dir: string, root: string, skip: ReadonlySet<string>): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    const rel = relative(root, path).split(sep).join('/')
    if (skip.has(rel)) return []
    if (entry.isDirectory()) return filesUnder(path, root, skip)
    return entry.isFile() ? [rel] : []
  })
}

export interface Package {
  name: string
  zip: Uint8Array
  files: number
}

export function packWorkingDir(dir: string, exclude: readonly string[] = ['outputs']): Package {
  const files = filesUnder(dir, dir, new Set(exclude)).sort()
  let bytes = 0
  const entries: Zippable = {}
  for (const file of files) {
    const data = readFileSync(join(dir, file))
    bytes += data.length
    if (bytes > MAX_PACKAGE_BYTES) {
      throw new Error(`${dir}: over ${MAX_PACKAGE_BYTES / 1024 ** 2} MiB, more than Ray ships as a working_dir; keep the model on the cluster (export with --model) and submit again`)
    }
    entries[file] = [new Uint8Array(data.buffer, data.byteOffset, data.length), { mtime: FIXED_TIME }]
  }
  const zip = zipSync(entries, { level: 6 })
  return { name: `_ray_pkg_${createHash('md5').update(zip).digest('hex')}.zip`, zip, files: files.length }
}
