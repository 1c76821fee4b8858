// The app's name and version from package.json, read at run time so that builds and tests agree.
import { readFileSync } from 'node:fs'

export function readPackageInfo(packageJsonPath: string): { name: string; version: string } {
  const pkg = JSON.parse(readFileSync(packageJsonPath, 'utf8')) as { name: string; version: string }
  return { name: pkg.name, version: pkg.version }
}
