import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { unzipSync } from 'fflate'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { packWorkingDir } from './working-dir'

let dir: string
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'ray-pkg-'))))
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('an export folder as a Ray working_dir package', () => {
  it('zips the files at the root, leaves run outputs out, and names the package by its content', () => {
    mkdirSync(join(dir, 'data'))
    mkdirSync(join(dir, 'outputs', 'prime_seed1'), { recursive: true })
    writeFileSync(join(dir, 'run_prime.sh'), '#!/usr/bin/env bash\n')
    writeFileSync(join(dir, 'data', 'train.parquet'), 'PAR1')
    writeFileSync(join(dir, 'outputs', 'prime_seed1', 'metrics.jsonl'), '{}\n')
    const first = packWorkingDir(dir)
    expect(first.name).toMatch(/^_ray_pkg_[0-9a-f]{32}\.zip$/)
    expect(Object.keys(unzipSync(first.zip)).sort()).toEqual(['data/train.parquet', 'run_prime.sh'])
    // The same files give the same package (the cluster then skips the upload); a change gives another.
    expect(packWorkingDir(dir).name).toBe(first.name)
    writeFileSync(join(dir, 'run_prime.sh'), '#!/usr/bin/env bash\necho\n')
    expect(packWorkingDir(dir).name).not.toBe(first.name)
  })
})
