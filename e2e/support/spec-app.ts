// The prologue most specs share: one Chromium and the app, opened before the spec's tests and closed after them.
// Kept apart from browser-mode.ts, which the benchmarks import outside vitest.
import { rmSync } from 'node:fs'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { launchBrowser, openBrowserModeApp, type BrowserModeApp } from './browser-mode'

/**
 * Registers the spec's beforeAll/afterAll and returns a holder whose `app` the tests read. The app opens on a fresh
 * workspace, or on the folder `workspace` returns (written before the host starts, removed after the spec).
 */
export function appForSpec(workspace?: () => string): { readonly app: BrowserModeApp } {
  let browser: Browser | undefined
  let workspaceDir: string | undefined
  const holder = {} as { app: BrowserModeApp }
  beforeAll(async () => {
    workspaceDir = workspace?.()
    browser = await launchBrowser()
    holder.app = await openBrowserModeApp(browser, workspaceDir)
  })
  afterAll(async () => {
    try {
      await holder.app?.close()
    } finally {
      await browser?.close()
      if (workspaceDir) rmSync(workspaceDir, { recursive: true, force: true })
    }
  })
  return holder
}
