/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// A researcher's whole journey in a real Chromium against browser mode, with real trainers: import a dataset,
// launch a PRIME-vs-RLOO comparison on a tiny preset, watch the curves update, open the comparison, open the step
// heatmap, and export the report — then check the file holds the SVG charts and the tables.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { screenshot } from './support/browser-mode'
import { appForSpec } from './support/spec-app'
import { setField } from './support/launch-form'


const spec = appForSpec()

async function points(page: Page, panel: string): Promise<number> {
  const value = await page.locator(`[data-testid="metric-panel"][data-panel="${panel}"]`).getAttribute('data-points')
  return Number(value ?? 0)
}

describe('from a dataset to an exported PRIME-vs-RLOO report', () => {
  it('imports a dataset through the file input and shows its rows and statistics', async () => {
    const { page, workspaceDir } = spec.app
    const file = join(workspaceDir, 'gsm8k-mini.jsonl')
    const lines = Array.from({ length: 40 }, (_, i) => JSON.stringify({ question: `Tom has ${i} apples and buys ${i + 2} more. How many now?`, answer: `${i}+${i + 2}=${2 * i + 2}\n#### ${2 * i + 2}` }))
    writeFileSync(file, `${lines.join('\n')}\n`)
    await page.getByTestId('nav-datasets').click()
    await page.getByTestId('dataset-file-input').setInputFiles(file)
    await page.getByTestId('import-preview').waitFor({ timeout: 60_000 })
    await page.getByTestId('import-confirm').click()
    await page.getByTestId('dataset-row').filter({ hasText: 'gsm8k-mini' }).first().waitFor({ timeout: 60_000 })
    await page.getByTestId('dataset-row').first().click()
    await page.getByTestId('dataset-statistics').waitFor()
    await page.getByTestId('dataset-preview-row').first().waitFor()
    expect(await page.getByTestId('dataset-detail').innerText()).toContain('40')
    await screenshot(page, 'workflow-1-dataset')
  })

  it('launches PRIME against RLOO from the form and watches the curves update', async () => {
    const { page } = spec.app
    await page.getByTestId('nav-runs').click()
    await page.getByTestId('launch-form').waitFor()
    await page.locator('input[name="mode"][value="compare"]').check()
    await page.getByTestId('seeds-count').fill('1')
    await page.getByTestId('seeds-first').fill('1')
    await setField(page, 'run', 'iterations', '3')
    await setField(page, 'task', 'task.validationSize', '32')
    await setField(page, 'task', 'task.testSize', '32')
    await setField(page, 'sft', 'sft.steps', '20')
    await setField(page, 'rollout', 'rollout.promptsPerIteration', '4')
    await setField(page, 'rollout', 'rollout.maxResponseTokens', '40')
    await setField(page, 'logging', 'logging.validateEvery', '1')
    await setField(page, 'logging', 'logging.rolloutSamples', '8')
    const submit = page.getByTestId('launch-submit')
    expect(await submit.isDisabled()).toBe(false)
    expect(await submit.innerText()).toMatch(/Launch 2 runs/)
    await submit.click()

    await page.getByTestId('run-row').nth(1).waitFor()
    const detail = page.getByTestId('run-detail')
    await detail.waitFor()
    // Curves grow as iterations stream in (two reward metrics per iteration).
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="metric-panel"][data-panel="Reward"]')?.getAttribute('data-points') ?? 0) >= 2, null, { timeout: 240_000 })
    const early = await points(page, 'Reward')
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="metric-panel"][data-panel="Reward"]')?.getAttribute('data-points') ?? 0) > n, early, { timeout: 240_000 })
    await screenshot(page, 'workflow-2-live-run')
    // Both runs finish (the second waited in the queue).
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="run-row"]')].filter((row) => row.textContent?.includes('completed')).length === 2, null, { timeout: 300_000 })
    await screenshot(page, 'workflow-3-runs-completed')

    // Tags and notes are kept in the page's IndexedDB across reloads.
    const notes = page.getByTestId('run-notes')
    await notes.locator('input[name="tags"]').fill('tiny, prime-vs-rloo')
    await notes.locator('textarea[name="note"]').fill('first comparison')
    await notes.getByText('Saved').waitFor()
    await page.reload()
    await page.getByTestId('run-notes').locator('input[name="tags"]').waitFor()
    await page.waitForFunction(() => (document.querySelector('[data-testid="run-notes"] input[name="tags"]') as HTMLInputElement | null)?.value === 'tiny, prime-vs-rloo')
  })

  it('compares the two runs side by side', async () => {
    const { page } = spec.app
    await page.getByTestId('nav-compare').click()
    const picker = page.getByTestId('compare-run-picker')
    await picker.waitFor()
    const boxes = picker.locator('input[type="checkbox"]')
    for (let i = 0; i < (await boxes.count()); i++) if (!(await boxes.nth(i).isChecked())) await boxes.nth(i).check()
    await page.getByTestId('compare-panels').waitFor()
    // Both runs' curves are there, the PRIME-only PRM panel included.
    const prm = page.locator('[data-testid="panel-PRM"]')
    await prm.scrollIntoViewIfNeeded()
    await page.waitForFunction(
      () => {
        const text = document.querySelector('[data-testid="panel-PRM"]')?.textContent ?? ''
        return text.includes('PRM loss') && !/No picked run logs|Loading/.test(text)
      },
      null,
      { timeout: 60_000 },
    )
    await page.getByTestId('config-diff').waitFor()
    expect(await page.getByTestId('config-diff').innerText()).toMatch(/algorithm/)
    await page.getByTestId('efficiency-readout').waitFor()
    // Its figures are final once every picked run's metrics are here: no run is "loading…" then.
    await page.getByTestId('efficiency-loading').waitFor({ state: 'detached', timeout: 60_000 })
    expect(await page.getByTestId('efficiency-readout').innerText()).not.toContain('loading')
    // Each localisation curve is drawn beside its yardsticks, and the panel says what it measures.
    const credit = page.locator('[data-testid="panel-Step localisation: policy-gradient credit"]')
    expect(await credit.innerText()).toMatch(/per-token advantage the policy gradient received[\s\S]*Dashed: reference surprisal[\s\S]*dotted: chance/)
    // Seed 1 of PRIME and of RLOO pair up: the paired study with its gates and a verdict.
    const study = page.getByTestId('study-readout')
    await study.scrollIntoViewIfNeeded()
    await page.getByTestId('study-comparison').first().waitFor()
    const studyText = await study.innerText()
    expect(studyText).toMatch(/prime vs rloo/)
    expect(studyText).toMatch(/Gate A — errors are not already surprising/)
    expect(studyText).toMatch(/Verdict\./)
    await screenshot(page, 'workflow-4-compare')
  })

  it('opens the step heatmap of the PRIME run with the RLOO run beside it', async () => {
    const { page } = spec.app
    await page.getByTestId('nav-heatmap').click()
    const runSelect = page.getByTestId('heatmap-run')
    await runSelect.waitFor()
    const options = await runSelect.locator('option').allInnerTexts()
    const prime = options.findIndex((o) => o.includes('· prime ·'))
    const rloo = options.findIndex((o) => o.includes('· rloo ·'))
    expect(prime).toBeGreaterThan(0)
    expect(rloo).toBeGreaterThan(0)
    await runSelect.selectOption({ index: prime })
    await page.getByTestId('heatmap-baseline').selectOption({ label: options[rloo]! })
    await page.getByTestId('heatmap-run-panel').waitFor()
    await page.getByTestId('heatmap-baseline-panel').waitFor()
    await page.getByTestId('credit-legend').first().waitFor()
    await screenshot(page, 'workflow-5-heatmap')
  })

  it('exports an HTML report that holds SVG charts and the comparison tables', async () => {
    const { page } = spec.app
    await page.getByTestId('nav-reports').click()
    await page.getByTestId('report-run-picker').waitFor()
    await page.getByTestId('report-pick-all').click()
    await page.getByTestId('report-export-html').click()
    const path = (await page.getByTestId('report-path').innerText({ timeout: 120_000 })).trim()
    const html = readFileSync(path, 'utf8')
    expect(html.match(/<svg/g)?.length ?? 0).toBeGreaterThan(3)
    expect(html).toContain('class="diff"')
    expect(html).toContain('class="efficiency"')
    expect(html).not.toMatch(/<script/i)
    const preview = page.frameLocator('[data-testid="report-preview"]')
    await preview.locator('figure.chart svg').first().waitFor()
    await preview.locator('table.diff').waitFor()
    await screenshot(page, 'workflow-6-report')
  })
})
