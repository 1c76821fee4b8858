// Browser mode opened on a workspace where the CLI (the built bundle, as `npx prime-workbench` runs it) is training
// a run: the run shows as running elsewhere, read-only, follows the CLI's progress, and shows how it ended when the
// CLI stops it. Before trainer locks it showed as crashed, with a button to start a second trainer on it.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { launchBrowser, openBrowserModeApp, screenshot, type BrowserModeApp } from './support/browser-mode'

let browser: Browser
let app: BrowserModeApp | null = null
let cli: ChildProcess | null = null
const workspaceDir = mkdtempSync(join(tmpdir(), 'prime-e2e-shared-'))

beforeAll(async () => (browser = await launchBrowser()))
afterAll(async () => {
  cli?.kill('SIGKILL')
  await app?.close()
  await browser?.close()
  rmSync(workspaceDir, { recursive: true, force: true })
})

async function until(what: string, probe: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

describe('a run the CLI trains, seen in browser mode', () => {
  it('is shown running elsewhere, read-only and followed live, then as the CLI ended it', async () => {
    const config = join(workspaceDir, 'slow.json')
    writeFileSync(config, JSON.stringify({ kind: 'engine-smoke', steps: 100_000, matrixSize: 8, stepDelayMs: 50 }))
    cli = spawn(process.execPath, ['out/main/cli.js', 'run', config, '--name', 'cli run', '--workspace', workspaceDir], { stdio: ['ignore', 'pipe', 'pipe'] })
    const runsDir = join(workspaceDir, 'runs')
    await until('the CLI run to report metrics', () => existsSync(runsDir) && readdirSync(runsDir).some((id) => existsSync(join(runsDir, id, 'metrics.ndjson'))))

    app = await openBrowserModeApp(browser, workspaceDir)
    const { page } = app
    const row = page.getByTestId('run-row').filter({ hasText: 'cli run' })
    await row.getByTestId('run-state').filter({ hasText: 'running' }).waitFor()
    await row.getByTestId('run-elsewhere').waitFor()
    await row.click()
    const detail = page.getByTestId('run-detail')
    const note = await detail.getByTestId('run-elsewhere-note').innerText()
    expect(note).toMatch(/Trained by process \d+ .* read-only here/s)
    expect(await detail.getByRole('group', { name: 'Run actions' }).getByRole('button').count()).toBe(0)

    // Followed from its files: the progress moves on while we watch.
    const progress = detail.getByRole('progressbar')
    const first = Number(await progress.getAttribute('aria-valuenow'))
    await page.waitForFunction((before) => Number(document.querySelector('[data-testid="run-detail"] [role="progressbar"]')?.getAttribute('aria-valuenow')) > before, first, { timeout: 30_000 })
    await screenshot(page, 'run-trained-elsewhere')

    // Ctrl-C in the CLI cancels the run; browser mode sees it end.
    cli.kill('SIGINT')
    await detail.getByTestId('run-state').filter({ hasText: 'cancelled' }).waitFor({ timeout: 30_000 })
    await detail.getByTestId('run-elsewhere-note').waitFor({ state: 'detached' })
    const id = readdirSync(runsDir)[0]!
    const started = readFileSync(join(runsDir, id, 'events.ndjson'), 'utf8').split('\n').filter((l) => l.includes('"started"'))
    expect(started).toHaveLength(1)
  })
})
