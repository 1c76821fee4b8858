/// <reference lib="dom" />
// Training on the researcher's own data from the app, in a real Chromium against browser mode with a real trainer:
// import a JSONL file with held-out rows, pick it in the launch form (its splits and answer kinds shown, the first
// prompt previewed by the host), launch a run on it, and open its step heatmap, which says why no step validity is
// shown for a dataset without step labels.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { SYNTHETIC_TASKS } from '../src-main/tasks/synthetic'
import { screenshot } from './support/browser-mode'
import { appForSpec } from './support/spec-app'


const spec = appForSpec()

async function openSection(page: Page, section: string): Promise<void> {
  const details = page.locator(`[data-section="${section}"]`)
  if ((await details.getAttribute('open')) === null) await details.locator('summary').click()
}

async function fill(page: Page, section: string, name: string, value: string): Promise<void> {
  await openSection(page, section)
  await page.locator(`[data-testid="launch-form"] [name="${name}"]`).fill(value)
}

describe('a run on an imported dataset', () => {
  it('imports a MATH-style file with a validation split', async () => {
    const { page, workspaceDir } = spec.app
    // Problems a small character-level model can learn: arithmetic chains with their worked solutions.
    const task = SYNTHETIC_TASKS['arith-chain']!
    const lines = task.generate(11, 120, 1).map((p) => JSON.stringify({ problem: p.prompt, solution: task.demonstration(p) }))
    const file = join(workspaceDir, 'chains.jsonl')
    writeFileSync(file, `${[...new Set(lines)].join('\n')}\n`)
    await page.getByTestId('nav-datasets').click()
    await page.getByTestId('dataset-file-input').setInputFiles(file)
    // The importer's preview comes first; the split is set there, then the rows are imported.
    await page.getByTestId('import-preview').waitFor({ timeout: 60_000 })
    await page.getByTestId('import-options').locator('input[name="split-validation"]').fill('20')
    await page.getByTestId('import-confirm').click()
    await page.getByTestId('dataset-row').filter({ hasText: 'chains' }).first().waitFor({ timeout: 60_000 })
  })

  it('launches a run on it from the form, with the first prompt previewed', async () => {
    const { page } = spec.app
    await page.getByTestId('nav-runs').click()
    await page.getByTestId('launch-form').waitFor()
    await openSection(page, 'task')
    await page.locator('select[name="task.kind"]').selectOption('dataset')
    const datasetSelect = page.locator('select[name="task.dataset"]')
    const label = (await datasetSelect.locator('option').allInnerTexts()).find((o) => o.startsWith('chains'))!
    await datasetSelect.selectOption({ label })
    await page.getByTestId('dataset-facts').waitFor()
    expect(await page.getByTestId('dataset-facts').innerText()).toMatch(/validation \d+/)
    expect(await page.locator('select[name="task.verifier"]').inputValue()).toBe('math')
    // The character tokenizer of the XS preset has no capital letters: the authors' instruction cannot be encoded.
    await page.getByTestId('prompt-preview-error').waitFor()
    expect(await page.getByTestId('prompt-preview-error').innerText()).toMatch(/model\.preset: vocabulary mismatch/)
    await fill(page, 'task', 'task.prompt.instruction', '')
    await page.getByTestId('prompt-preview-text').waitFor()
    expect(await page.getByTestId('prompt-preview-text').innerText()).toMatch(/^\d+ [-+*/]\d+/)

    await fill(page, 'run', 'iterations', '2')
    await fill(page, 'sft', 'sft.steps', '20')
    await fill(page, 'rollout', 'rollout.promptsPerIteration', '4')
    await fill(page, 'rollout', 'rollout.maxResponseTokens', '40')
    await fill(page, 'logging', 'logging.validateEvery', '1')
    await fill(page, 'logging', 'logging.rolloutSamples', '8')
    await screenshot(page, 'dataset-run-1-form')
    const submit = page.getByTestId('launch-submit')
    await page.waitForFunction(() => !(document.querySelector('[data-testid="launch-submit"]') as HTMLButtonElement | null)?.disabled)
    await submit.click()
    await page.getByTestId('run-detail').waitFor()
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="run-row"]')].some((row) => row.textContent?.includes('completed')), null, { timeout: 300_000 })
    expect(await page.getByTestId('run-detail').innerText()).toMatch(/dataset ds/)
  })

  it('opens the run’s step heatmap, which says why no step validity is shown', async () => {
    const { page } = spec.app
    await page.getByTestId('nav-heatmap').click()
    const runSelect = page.getByTestId('heatmap-run')
    await runSelect.waitFor()
    await runSelect.selectOption({ index: 1 })
    await page.getByTestId('heatmap-run-panel').waitFor({ timeout: 60_000 })
    await page.getByTestId('heatmap-no-validity').waitFor()
    await screenshot(page, 'dataset-run-2-heatmap')
  })
})
