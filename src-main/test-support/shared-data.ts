// For tests: the shared folder of golden fixtures and datasets — `../shared` beside the repository, or the folder
// PRIME_SHARED_DIR names. Where a file is missing, the tests that need it skip and say why; in CI (CI=true) the
// missing file is an error instead, because a CI run that skipped every golden test would pass without having
// checked the maths against the authors' code.
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'

export const SHARED_DIR = resolve(process.env.PRIME_SHARED_DIR ?? resolve(import.meta.dirname, '../../../shared'))

export function sharedPath(relativePath: string): string {
  return resolve(SHARED_DIR, relativePath)
}

function inCi(): boolean {
  return ['true', '1'].includes((process.env.CI ?? '').toLowerCase())
}

/**
 * Whether every file exists in the shared folder. When one does not: in CI this throws, so the test file fails with
 * the message; elsewhere it warns and returns false, for `describe.skipIf`.
 */
export function sharedDataPresent(relativePaths: readonly string[], what: string): boolean {
  const missing = relativePaths.map(sharedPath).filter((path) => !existsSync(path))
  if (missing.length === 0) return true
  const why = `${what}: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing (the shared folder: ../shared beside the repository, or PRIME_SHARED_DIR)`
  if (inCi()) throw new Error(`${why}. CI=true, so missing golden data fails the run instead of skipping these tests.`)
  console.warn(`skipping ${why}`)
  return false
}
