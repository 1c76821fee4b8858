// The workbench in a real Chromium against the browser-mode host, with real trainer processes.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { launchBrowser, openBrowserModeApp, screenshot, type BrowserModeApp } from './support/browser-mode'

let browser: Browser
let app: BrowserModeApp

beforeAll(async () => (browser = await launchBrowser()))
afterAll(async () => browser?.close())
beforeEach(async () => (app = await openBrowserModeApp(browser)))
afterEach(async () => app?.close())

describe('browser mode', () => {
  it('loads and navigates to every view, by mouse and by keyboard', async () => {
    const { page } = app
    await page.getByRole('heading', { level: 1, name: 'Runs' }).waitFor()
    for (const view of ['Datasets', 'Runs', 'Compare', 'Reports', 'Settings']) {
      await page.getByTestId(`nav-${view.toLowerCase()}`).click()
      await page.getByRole('heading', { level: 1, name: view }).waitFor()
      await screenshot(page, `view-${view.toLowerCase()}`)
    }
    await page.keyboard.press('Alt+1')
    await page.getByRole('heading', { level: 1, name: 'Datasets' }).waitFor()
    expect(new URL(page.url()).hash).toBe('#/datasets')
    await page.getByText('No datasets yet').waitFor()
  })

  it('shows ONNX Runtime version and execution providers reported by a real trainer process', async () => {
    const { page } = app
    await page.getByTestId('nav-settings').click()
    const ortVersion = (JSON.parse(readFileSync('node_modules/onnxruntime-node/package.json', 'utf8')) as { version: string }).version
    await page.getByTestId('ort-version').filter({ hasText: ortVersion }).waitFor({ timeout: 60_000 })
    expect(await page.getByTestId('ep-cpu').innerText()).toMatch(/cpu\s+yes/)
    expect(await page.getByTestId('ep-cuda').innerText()).toMatch(/cuda\s+(yes|no)/)
    expect(await page.getByTestId('app-info').innerText()).toContain('Browser mode')
    await screenshot(page, 'settings-runtime')
  })

  it('launches a run and follows it live to completion', async () => {
    const { page } = app
    await page.getByText('No runs yet').waitFor()
    const form = page.getByTestId('new-smoke-run')
    await form.locator('input[name=steps]').fill('0')
    await form.getByText(/Too small/).waitFor()
    expect(await form.getByRole('button', { name: 'Create run' }).isDisabled()).toBe(true)
    await form.locator('input[name=name]').fill('e2e smoke')
    await form.locator('input[name=steps]').fill('20')
    await form.locator('input[name=stepDelayMs]').fill('50')
    await form.getByRole('button', { name: 'Create run' }).click()
    const detail = page.getByTestId('run-detail')
    await detail.getByText('e2e smoke').waitFor()
    await detail.getByTestId('metric-chart').waitFor()
    await detail.getByTestId('run-state').filter({ hasText: 'completed' }).waitFor({ timeout: 60_000 })
    expect(await detail.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('20')
    expect(await detail.getByTestId('metric-chart').locator('svg path').count()).toBeGreaterThan(0)
    expect(await detail.getByTestId('run-log').innerText()).toMatch(/finished 20 steps/)
    expect(await page.getByRole('alert').count()).toBe(0)
    await screenshot(page, 'run-completed')
  })

  it('tells the user when a trainer crashes, with its signal and last log lines', async () => {
    const { page } = app
    const form = page.getByTestId('new-smoke-run')
    await form.locator('input[name=name]').fill('doomed run')
    await form.locator('input[name=steps]').fill('100000')
    await form.getByRole('button', { name: 'Create run' }).click()
    const detail = page.getByTestId('run-detail')
    await detail.getByTestId('run-state').filter({ hasText: 'running' }).waitFor()
    const pid = Number(await detail.getByTestId('run-pid').innerText())
    await detail.getByTestId('metric-chart').waitFor()
    process.kill(pid, 'SIGKILL')
    const failure = detail.getByTestId('run-failure')
    await failure.waitFor()
    const text = await failure.innerText()
    expect(text).toContain('The trainer crashed')
    expect(text).toContain('killed by SIGKILL')
    expect(text).toContain('ONNX Runtime session')
    await detail.getByTestId('run-state').filter({ hasText: 'crashed' }).waitFor()
    await screenshot(page, 'run-crashed')
  })

  it('shows an import error naming file, line and field, and imports a good file', async () => {
    const { page, workspaceDir } = app
    const good = join(workspaceDir, 'good.jsonl')
    const bad = join(workspaceDir, 'bad.jsonl')
    writeFileSync(good, '{"question":"1+1?","answer":"1+1=2 #### 2"}\n{"question":"2+3?","answer":"2+3=5 #### 5"}\n')
    writeFileSync(bad, '{"question":"1+1?","answer":"#### 2"}\nnot json\n')
    await page.getByTestId('nav-datasets').click()
    const form = page.getByTestId('import-dataset')
    await form.locator('input[name=path]').fill(bad)
    await form.getByRole('button', { name: 'Preview' }).click()
    await page.getByTestId('import-preview-problems').waitFor()
    await page.getByTestId('import-confirm').click()
    expect(await page.getByTestId('import-error').innerText()).toContain('bad.jsonl: line 2: not valid JSON')
    await form.locator('input[name=path]').fill(good)
    await form.getByRole('button', { name: 'Preview' }).click()
    await page.getByTestId('import-preview-row').first().waitFor()
    await page.getByTestId('import-options').locator('input[name=name]').fill('two sums')
    await page.getByTestId('import-confirm').click()
    await page.getByTestId('dataset-table').getByText('two sums').waitFor()
    await screenshot(page, 'datasets-imported')
  })

})
