// The desktop app itself, where an Electron binary exists. These machines have none (its download is blocked),
// so the spec skips with the reason; on a developer's machine it launches the built app and checks the bridge.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { _electron as electron } from 'playwright-core'

/** The installed binary, found without require('electron'), which would try to download a missing one. */
function electronBinary(): string | null {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) return join(process.env.ELECTRON_OVERRIDE_DIST_PATH, 'electron')
  const packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'))
  const pathFile = join(packageDir, 'path.txt')
  if (!existsSync(pathFile)) return null
  const binary = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(binary) ? binary : null
}

const binary = electronBinary()
const title = binary
  ? 'desktop app (Electron)'
  : 'desktop app (Electron) — SKIPPED: no Electron binary is installed here (run `npx install-electron` where downloads work)'
if (!binary) console.warn(title)

describe.skipIf(!binary)(title, () => {
  it('opens a sandboxed window that reaches the host only through the typed bridge', async () => {
    const app = await electron.launch({ executablePath: binary ?? undefined, args: ['.'] })
    try {
      const page = await app.firstWindow()
      await page.getByRole('heading', { level: 1, name: 'Runs' }).waitFor()
      const exposure = await page.evaluate(() => ({
        require: typeof (globalThis as { require?: unknown }).require,
        process: typeof (globalThis as { process?: unknown }).process,
        bridge: Object.keys((globalThis as { primeBridge?: object }).primeBridge ?? {}).sort(),
      }))
      expect(exposure).toEqual({ require: 'undefined', process: 'undefined', bridge: ['invoke', 'onEvent'] })
      await page.getByTestId('nav-settings').click()
      await page.getByTestId('ort-version').waitFor({ timeout: 60_000 })
      expect(await page.getByTestId('app-info').innerText()).toContain('Desktop app')
    } finally {
      await app.close()
    }
  })
})
