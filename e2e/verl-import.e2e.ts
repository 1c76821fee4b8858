/// <reference lib="dom" />
// A verl run beside a local one, in a real Chromium against browser mode: a small local PRIME run trained by the
// built CLI, a verl run's output folder (file logger, Hydra config, rollout dumps in verl's formats) imported from
// the Runs view, then both compared in Compare and exported together as an HTML report.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { writeVerlRunFolder } from '../src-main/verl/test-support/verl-fixtures'
import { launchBrowser, openBrowserModeApp, screenshot, type BrowserModeApp } from './support/browser-mode'

let browser: Browser
let app: BrowserModeApp
let workspaceDir: string
let verlFolder: string

beforeAll(async () => {
  workspaceDir = mkdtempSync(join(tmpdir(), 'prime-e2e-verl-'))
  verlFolder = mkdtempSync(join(tmpdir(), 'verl-output-'))
  writeVerlRunFolder(verlFolder, { steps: 12, validateEvery: 2, rolloutSteps: [2] })
  // A local run, trained the way the README says: the built CLI, in the same workspace.
  const sets = ['iterations=3', 'sft.steps=10', 'rollout.promptsPerIteration=4', 'rollout.maxResponseTokens=32', 'task.validationSize=16', 'task.testSize=0', 'logging.validateEvery=1', 'logging.rolloutSamples=4', 'policy.miniBatches=1', 'prm.miniBatches=1', 'logging.heldOutPrmPrompts=0']
  execFileSync(process.execPath, ['out/main/cli.js', 'run', '--preset', 'laptop', '--name', 'local prime', '--workspace', workspaceDir, ...sets.flatMap((s) => ['--set', s])], { stdio: 'ignore', timeout: 180_000 })
  browser = await launchBrowser()
  app = await openBrowserModeApp(browser, workspaceDir)
}, 240_000)

afterAll(async () => {
  await app?.close()
  await browser?.close()
  rmSync(workspaceDir, { recursive: true, force: true })
  rmSync(verlFolder, { recursive: true, force: true })
})

describe('a verl run beside a local run', () => {
  it('imports the verl run from the Runs view and shows it read-only with its curves', async () => {
    const { page } = app
    await page.getByTestId('nav-runs').click()
    const form = page.getByTestId('verl-import-form')
    await form.locator('input[name="verl-path"]').fill(verlFolder)
    await form.locator('input[name="verl-name"]').fill('cluster prime')
    await page.getByTestId('verl-import-submit').click()
    const detail = page.getByTestId('run-detail')
    await detail.filter({ hasText: 'cluster prime' }).waitFor()
    await page.getByTestId('verl-run-info').waitFor()
    expect(await page.getByTestId('verl-run-info').innerText()).toContain(join(verlFolder, 'metrics.jsonl'))
    expect(await page.getByTestId('verl-heatmap-note').innerText()).toMatch(/no per-token\s+rewards/)
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="metric-panel"][data-panel="Reward"]')?.getAttribute('data-points') ?? 0) === 12)
    // A metric verl logged that no panel shows, charted on demand: a line through its 12 steps.
    const other = page.getByTestId('verl-other-metric')
    const firstOther = await other.locator('option').nth(1).getAttribute('value')
    await other.selectOption(firstOther as string)
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="metric-chart"] svg path')].some((path) => (path.getAttribute('d')?.match(/L/g)?.length ?? 0) === 11))
    // Read-only: it can be deleted, not launched.
    expect(await page.getByTestId('run-action-launch').count()).toBe(0)
    await page.getByTestId('run-action-delete').waitFor()
    await screenshot(page, 'verl-1-imported')
  })

  it('compares it with the local run', async () => {
    const { page } = app
    await page.getByTestId('nav-compare').click()
    const picker = page.getByTestId('compare-run-picker')
    await picker.waitFor()
    const boxes = picker.locator('input[type="checkbox"]')
    for (let i = 0; i < (await boxes.count()); i++) if (!(await boxes.nth(i).isChecked())) await boxes.nth(i).check()
    await page.getByTestId('compare-panels').waitFor()
    // Local: training reward before and after the filter; verl: `acc` mapped onto the reward before the filter.
    await page.waitForFunction(() => /Reward: 3 curves/.test(document.querySelector('[data-testid="panel-Reward"] [role="img"]')?.getAttribute('aria-label') ?? ''), null, { timeout: 60_000 })
    await page.waitForFunction(() => /Validation accuracy: 2 curves/.test(document.querySelector('[data-testid="panel-Validation accuracy"] [role="img"]')?.getAttribute('aria-label') ?? ''), null, { timeout: 60_000 })
    await page.getByTestId('config-diff').waitFor()
    expect(await page.getByTestId('config-diff').innerText()).toMatch(/kind/)
    await screenshot(page, 'verl-2-compare')
  })

  it('exports both in one HTML report', async () => {
    const { page } = app
    await page.getByTestId('nav-reports').click()
    await page.getByTestId('report-run-picker').waitFor()
    await page.getByTestId('report-pick-all').click()
    await page.getByTestId('report-export-html').click()
    const path = (await page.getByTestId('report-path').innerText({ timeout: 120_000 })).trim()
    const html = readFileSync(path, 'utf8')
    expect(html).toContain('cluster prime')
    expect(html).toContain('local prime')
    expect(html).toContain('verl prime')
    expect(html.match(/<svg/g)?.length ?? 0).toBeGreaterThan(3)
    await screenshot(page, 'verl-3-report')
  })
})
