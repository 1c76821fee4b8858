/// <reference lib="dom" />
// A 2×2 sweep launched from the launch form, with real trainers: the runs it will create listed before launch,
// Enter in a field launching nothing, Cancel asking first, the sweep's parallel coordinates and scatter once its
// runs end, and the rollout browser reading two of its runs side by side, prompt by prompt. Then PRIME against RLOO
// over two seeds, and every view (with what a person opens in it), at 1024×700 and 1920×1080, light and dark, as
// screenshots.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { screenshot, screenshotViews } from './support/browser-mode'
import { appForSpec } from './support/spec-app'
import { everyView } from './support/every-view'
import { setField } from './support/launch-form'


const spec = appForSpec()

const SWEEP = 'tiny grid'
const COMPARISON = 'two seeds'
let rolloutsHash = ''
const runName = (beta: string, lr: string) => `${SWEEP} · prm.beta=${beta} · policy.lr=${lr} · seed 1`

describe('a sweep from the launch form to its views', () => {
  it('generates a small dataset for the Datasets view', async () => {
    const { page } = spec.app
    await page.getByTestId('nav-datasets').click()
    await page.getByTestId('generate-count').fill('300')
    await page.getByTestId('generate-submit').click()
    await page.getByTestId('dataset-row').first().waitFor({ timeout: 60_000 })
    // A row of the preview opens in full below the table.
    await page.getByTestId('dataset-preview-row').first().click()
    await page.getByTestId('dataset-row-detail').waitFor()
    expect(await page.getByTestId('dataset-row-prompt').innerText()).not.toBe('')
  })

  it('imports a file with a worked solution that misses its reference, for the re-grade table', async () => {
    const { page, workspaceDir } = spec.app
    const file = join(workspaceDir, 'labels.jsonl')
    const records = [
      { problem: 'What is 2+3?', answer: '5', solution: '2+3 is $\\boxed{5}$.' },
      { problem: 'What is 2*3?', answer: '6', solution: 'Twice three is $\\boxed{5}$.' },
      { problem: 'Odd braces', answer: 'a}b{', solution: 'none' },
    ]
    writeFileSync(file, `${records.map((r) => JSON.stringify(r)).join('\n')}\n`)
    await page.getByTestId('dataset-file-input').setInputFiles(file)
    await page.getByTestId('import-preview').waitFor({ timeout: 60_000 })
    await page.getByTestId('import-options').locator('input[name=name]').fill('labels')
    await page.getByTestId('import-confirm').click()
    await page.getByTestId('dataset-row').filter({ hasText: 'labels' }).first().waitFor()
  })

  it('lists the 2×2 runs before launching, and launches them only from the button', async () => {
    const { page } = spec.app
    await page.getByTestId('nav-runs').click()
    await page.getByTestId('launch-form').waitFor()
    await page.locator('input[name="mode"][value="sweep"]').check()
    await page.getByTestId('sweep-values').first().fill('0.05, 0.1')
    await page.getByTestId('sweep-add-axis').click()
    await page.getByTestId('sweep-path').nth(1).selectOption('policy.lr')
    await page.getByTestId('sweep-values').nth(1).fill('0.0001, 0.0003')
    await page.getByTestId('seeds-count').fill('1')
    await page.getByTestId('seeds-first').fill('1')
    await page.locator('[data-testid="launch-form"] input[name="runName"]').fill(SWEEP)
    await setField(page, 'run', 'iterations', '1')
    await setField(page, 'task', 'task.validationSize', '16')
    await setField(page, 'task', 'task.testSize', '0')
    await setField(page, 'sft', 'sft.steps', '20')
    await setField(page, 'rollout', 'rollout.promptsPerIteration', '4')
    await setField(page, 'rollout', 'rollout.maxResponseTokens', '40')
    await setField(page, 'logging', 'logging.validateEvery', '1')
    await setField(page, 'logging', 'logging.rolloutSamples', '8')
    await setField(page, 'logging', 'logging.heldOutPrmPrompts', '4')

    await page.waitForFunction(() => document.querySelector('[data-testid="launch-preview-count"]')?.textContent === '4 runs')
    expect(await page.getByTestId('launch-preview-name').allInnerTexts()).toEqual([
      runName('0.05', '0.0001'),
      runName('0.05', '0.0003'),
      runName('0.1', '0.0001'),
      runName('0.1', '0.0003'),
    ])
    await screenshot(page, 'sweep-1-form')
    // Enter in a field does not launch.
    await page.locator('[data-testid="launch-form"] input[name="rollout.maxResponseTokens"]').press('Enter')
    await page.waitForTimeout(1000)
    expect(await page.getByTestId('run-row').count()).toBe(0)

    const submit = page.getByTestId('launch-submit')
    await page.waitForFunction(() => !(document.querySelector('[data-testid="launch-submit"]') as HTMLButtonElement | null)?.disabled)
    expect(await submit.innerText()).toBe('Launch 4 runs')
    await submit.click()
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="run-row"]').length === 4)
  })

  it('asks before cancelling a run, and keeps it when told to', async () => {
    const { page } = spec.app
    const running = page.getByTestId('run-row').filter({ hasText: 'running' }).first()
    await running.waitFor({ timeout: 120_000 })
    await running.click()
    await page.getByTestId('run-action-cancel').click()
    const confirm = page.getByTestId('run-cancel-confirm')
    await confirm.waitFor()
    expect(await confirm.innerText()).toMatch(/Stop this run\?/)
    await page.getByTestId('run-cancel-keep').click()
    await confirm.waitFor({ state: 'detached' })
    expect(await page.getByTestId('run-detail').getByTestId('run-state').innerText()).toMatch(/running|completed/)
  })

  it('shows the sweep in parallel coordinates and a scatter with seed spread once its runs end', { timeout: 900_000 }, async () => {
    const { page } = spec.app
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="run-row"]')].filter((r) => r.textContent?.includes('completed')).length === 4, null, { timeout: 840_000 })
    await page.getByTestId('nav-sweeps').click()
    await page.getByTestId('sweep-title').waitFor()
    expect(await page.getByTestId('sweep-title').innerText()).toBe(SWEEP)
    await page.waitForFunction(() => document.querySelector('[data-testid="sweep-parallel"]')?.getAttribute('data-lines') === '4', null, { timeout: 30_000 })
    expect(await page.getByTestId('sweep-scatter').getAttribute('data-points')).toBe('4')
    expect(await page.getByTestId('sweep-cell').count()).toBe(4)
    await page.getByTestId('sweep-x').selectOption('policy.lr')
    await screenshot(page, 'sweep-2-views')
  })

  it('browses two runs’ responses side by side, filtered by outcome, text and prompt', async () => {
    const { page } = spec.app
    await page.getByTestId('nav-rollouts').click()
    await page.getByTestId('rollouts-run').selectOption({ label: (await optionLabel(page, 'rollouts-run', runName('0.05', '0.0001')))! })
    await page.getByTestId('rollouts-other').selectOption({ label: (await optionLabel(page, 'rollouts-other', runName('0.1', '0.0001')))! })
    await page.getByTestId('rollout-group').first().waitFor({ timeout: 30_000 })
    // Same seed, same prompts: the first prompt group has both runs' responses.
    const first = page.getByTestId('rollout-group').first()
    expect(await first.getByTestId('rollout-left').getByTestId('rollout-response').count()).toBeGreaterThan(0)
    // The second run's files may still be being read (the card says so); then its responses come beside them.
    await first.getByTestId('rollout-right').getByTestId('rollout-response').first().waitFor({ timeout: 30_000 })

    await page.getByTestId('rollouts-outcome-incorrect').check()
    await page.waitForFunction(() => new URLSearchParams(window.location.hash.split('?')[1] ?? '').get('outcome') === 'incorrect')
    const verdicts = await page.getByTestId('rollout-response').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-correct')))
    expect(verdicts.length).toBeGreaterThan(0)
    expect(verdicts.every((v) => v === 'false')).toBe(true)
    await page.getByTestId('rollouts-outcome-all').check()

    const promptText = (await page.getByTestId('rollout-prompt').first().innerText()).trim()
    await page.getByTestId('rollouts-text').fill(promptText)
    await page.waitForFunction((text) => [...document.querySelectorAll('[data-testid="rollout-prompt"]')].every((p) => p.textContent?.trim() === text), promptText)
    await page.getByTestId('rollouts-text').fill('')
    const prompts = page.getByTestId('rollouts-prompt').locator('option')
    await page.getByTestId('rollouts-prompt').selectOption({ index: 1 })
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="rollout-group"]').length === 1)
    expect(await prompts.count()).toBeGreaterThan(2)
    await screenshot(page, 'sweep-3-rollouts')
  })

  it('opens the heatmap’s token view in sight at 1024×700, its slider offering only iterations with rollouts', async () => {
    const { page } = spec.app
    rolloutsHash = await page.evaluate(() => window.location.hash)
    const runId = rolloutsHash.match(/#\/rollouts\/([^?]+)/)?.[1] ?? ''
    await page.setViewportSize({ width: 1024, height: 700 })
    await page.evaluate((id) => (window.location.hash = `#/heatmap/${id}`), runId)
    await page.getByTestId('heatmap-run-panel').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('iteration-value').innerText()).toBe('1')
    expect(await page.getByTestId('iteration-prev').isDisabled()).toBe(true)
    await page.locator('[data-testid="heatmap-run-panel"] .row-head').first().click()
    const tokenView = page.getByTestId('token-view')
    await tokenView.waitFor()
    await page.waitForFunction(() => {
      const box = document.querySelector('[data-testid="token-view"]')?.getBoundingClientRect()
      return !!box && box.top >= 0 && box.top < window.innerHeight - 100
    }, null, { timeout: 5000 })
    await screenshot(page, 'sweep-4-token-view-1024')
    await page.keyboard.press('Escape')
    await tokenView.waitFor({ state: 'detached' })
    await page.evaluate((hash) => (window.location.hash = hash), rolloutsHash)
    await page.getByTestId('rollout-group').first().waitFor()
  })

  it('launches PRIME against RLOO over two seeds, listing the four runs first', { timeout: 300_000 }, async () => {
    const { page } = spec.app
    await page.getByTestId('nav-runs').click()
    await page.locator('input[name="mode"][value="compare"]').check()
    await page.getByTestId('seeds-count').fill('2')
    await page.getByTestId('seeds-first').fill('1')
    await page.locator('[data-testid="launch-form"] input[name="runName"]').fill(COMPARISON)
    await setField(page, 'run', 'iterations', '2')
    await page.waitForFunction(() => document.querySelector('[data-testid="launch-preview-count"]')?.textContent === '4 runs')
    await page.waitForFunction(() => !(document.querySelector('[data-testid="launch-submit"]') as HTMLButtonElement | null)?.disabled)
    await page.getByTestId('launch-submit').click()
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="run-row"]')].filter((r) => r.textContent?.includes('completed')).length === 8, null, { timeout: 280_000 })
  })

  it('looks right at 1024×700 and 1920×1080, light and dark, in every view', { timeout: 600_000 }, async () => {
    const { page } = spec.app
    const run = rolloutsHash.match(/#\/rollouts\/([^?]+)/)?.[1] ?? ''
    const other = new URLSearchParams(rolloutsHash.split('?')[1] ?? '').get('other') ?? ''
    expect(other).not.toBe('')
    const views = everyView({ run, other, comparison: COMPARISON, dataset: '×300', regradeDataset: 'labels', sweep: SWEEP })
    const shots = await screenshotViews(page, 'view', views)
    expect(shots).toHaveLength(views.length * 4)
  })
})

async function optionLabel(page: Page, testid: string, startsWith: string): Promise<string | undefined> {
  const labels = await page.getByTestId(testid).locator('option').allInnerTexts()
  return labels.find((label) => label.startsWith(startsWith))
}
