// Starts the browser-mode host (the built out/main/serve.js) on a free loopback port with a fresh workspace, and a
// headless Debian Chromium driven by playwright-core.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const SCREENSHOT_DIR = resolve('out/e2e-screenshots')

export interface BrowserModeApp {
  url: string
  workspaceDir: string
  page: Page
  close(): Promise<void>
}

/** `serveScript`: the built host to start (another build's, for a benchmark's before/after). */
export function startHost(workspaceDir: string, serveScript = 'out/main/serve.js'): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [serveScript, '--port', '0', '--workspace', workspaceDir], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start in 30 s:\n${output}`)), 30_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /at (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(output)
      if (match?.[1]) {
        clearTimeout(timer)
        resolvePromise({ url: match[1], child })
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.on('exit', (code) => reject(new Error(`host exited with code ${code}:\n${output}`)))
  })
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium)`)
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
}

/** The app on a fresh workspace, or on `workspaceDir` (which the caller then removes). */
export async function openBrowserModeApp(browser: Browser, given?: string): Promise<BrowserModeApp> {
  const workspaceDir = given ?? mkdtempSync(join(tmpdir(), 'prime-e2e-'))
  const { url, child } = await startHost(workspaceDir)
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } })
  const page = await context.newPage()
  const pageErrors: string[] = []
  page.on('pageerror', (error) => pageErrors.push(error.message))
  await page.goto(url)
  return {
    url,
    workspaceDir,
    page,
    async close() {
      await context.close()
      child.kill('SIGTERM')
      if (!given) rmSync(workspaceDir, { recursive: true, force: true })
      if (pageErrors.length) throw new Error(`uncaught errors in the page:\n${pageErrors.join('\n')}`)
    },
  }
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true })
}

/** The window sizes every view is looked at in: the smallest the app supports, and a common desktop. */
export const SCREEN_SIZES = [
  { width: 1024, height: 700 },
  { width: 1920, height: 1080 },
] as const

/** Switches the app's theme with its own toggle (the choice is kept in the page's storage). */
export async function setTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  const current = await page.evaluate(() => document.documentElement.dataset.theme)
  if (current !== theme) await page.getByRole('button', { name: /Switch to (light|dark) theme/ }).click()
  await page.waitForFunction((t) => document.documentElement.dataset.theme === t, theme)
}

/** A view to screenshot: a route of the hash router, and what to wait for (or open) before the shot. */
export interface ShotView {
  name: string
  hash: string
  ready: (page: Page) => Promise<unknown>
}

/**
 * Screenshots of the views (routes of the hash router, e.g. '#/runs/<id>') at every size in both themes, named
 * `<prefix>-<view>-<width>x<height>-<theme>.png`; `ready` waits for what each view must show first. The viewport
 * shot (not the full page) is what a person sees at that size.
 */
export async function screenshotViews(
  page: Page,
  prefix: string,
  views: readonly ShotView[],
): Promise<string[]> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  const written: string[] = []
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme)
    for (const size of SCREEN_SIZES) {
      await page.setViewportSize(size)
      for (const view of views) {
        // Each view starts at the top: the page keeps its scroll across hash changes.
        await page.evaluate((hash) => {
          window.location.hash = hash
          window.scrollTo(0, 0)
        }, view.hash)
        await view.ready(page)
        // Charts draw on the next animation frames.
        await page.waitForTimeout(400)
        // No view shows an error on the way (a run's metrics that failed to load, say): the shot would hide it.
        const alerts = await page.locator('[role="alert"]:visible').allTextContents()
        if (alerts.length) throw new Error(`${view.name} at ${size.width}×${size.height} (${theme}) shows an error: ${alerts.join(' | ')}`)
        const path = join(SCREENSHOT_DIR, `${prefix}-${view.name}-${size.width}x${size.height}-${theme}.png`)
        await page.screenshot({ path })
        written.push(path)
      }
    }
  }
  return written
}
