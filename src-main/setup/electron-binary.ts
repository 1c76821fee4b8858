// Where the Electron binary is: ELECTRON_EXEC_PATH (electron-vite's override), ELECTRON_OVERRIDE_DIST_PATH (the
// electron package's), else the file that node_modules/electron/path.txt names under its dist/ folder, which is what
// electron-vite reads. Found without require('electron'), which since Electron 42 starts a download when the binary
// is missing.
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/** The electron package's folder (node_modules/electron). */
export function electronPackageDir(): string {
  return dirname(createRequire(import.meta.url).resolve('electron/package.json'))
}

/** The binary electron-vite would start, when it is installed; null when it is not. */
export function installedElectronBinary(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.ELECTRON_EXEC_PATH) return existsSync(env.ELECTRON_EXEC_PATH) ? env.ELECTRON_EXEC_PATH : null
  const packageDir = electronPackageDir()
  const pathFile = join(packageDir, 'path.txt')
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null
  // As the electron package's own lookup (its index.js): the override folder holds the executable path.txt names.
  const binary = env.ELECTRON_OVERRIDE_DIST_PATH
    ? join(env.ELECTRON_OVERRIDE_DIST_PATH, executable ?? 'electron')
    : executable === null
      ? null
      : join(packageDir, 'dist', executable)
  return binary !== null && existsSync(binary) ? binary : null
}
