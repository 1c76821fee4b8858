/// <reference lib="dom" />
// The two-step import in a real Chromium against browser mode: a question/answer file that is not GSM8K (no
// "####") is chosen, previewed with a proposed mapping, the math verifier and its one bad record; the researcher
// ticks "skip bad rows" and imports; the dataset shows its verifier, the skipped record with its line, and rows
// whose step labels the preview table names.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { screenshot } from './support/browser-mode'
import { appForSpec } from './support/spec-app'


const spec = appForSpec()

describe('importing a file in two steps', () => {
  it('previews, proposes a mapping, skips the bad row on request and lists it', async () => {
    const { page, workspaceDir } = spec.app
    const file = join(workspaceDir, 'eval-set.jsonl')
    const records = [
      { question: 'What is 6 times 7?', answer: 42, steps: ['6*7 = 42', 'So 42.'], label: -1 },
      { question: 'Half of 9?', answer: '4.5', steps: ['9/2 = 4', 'So 4.'], label: 0 },
      { question: 'A record with no answer' },
      { question: 'What is 2^10?', answer: ['1024'] },
    ]
    writeFileSync(file, `${records.map((r) => JSON.stringify(r)).join('\n')}\n`)
    await page.getByTestId('nav-datasets').click()
    await page.getByTestId('dataset-file-input').setInputFiles(file)

    const preview = page.getByTestId('import-preview')
    await preview.waitFor({ timeout: 60_000 })
    expect(await page.getByTestId('import-preview-needs-mapping').innerText()).toContain('not GSM8K')
    expect(await page.getByTestId('import-options').locator('input[name=mapping-prompt]').inputValue()).toBe('question')
    expect(await page.getByTestId('import-options').locator('input[name=mapping-answer]').inputValue()).toBe('answer')
    expect(await page.getByTestId('import-options').locator('input[name=mapping-steps]').inputValue()).toBe('steps')
    expect(await page.getByTestId('import-preview-verifier').innerText()).toMatch(/^math/)
    expect(await page.getByTestId('import-preview-problems').innerText()).toContain('line 3, field answer: missing')
    expect(await page.getByTestId('import-preview-row').nth(1).innerText()).toContain('2 steps: 0 right, 1 wrong')
    await screenshot(page, 'import-1-preview')

    await page.getByTestId('import-confirm').click()
    expect(await page.getByTestId('import-error').innerText()).toContain('eval-set.jsonl: line 3: field answer: missing')

    await page.getByTestId('dataset-file-input').setInputFiles(file)
    await preview.waitFor({ timeout: 60_000 })
    await page.getByTestId('dataset-skip-bad-rows').check()
    await page.getByTestId('import-options').locator('input[name=name]').fill('eval set')
    await page.getByTestId('import-confirm').click()

    await page.getByTestId('dataset-row').filter({ hasText: 'eval set' }).first().click()
    const detail = page.getByTestId('dataset-detail')
    await detail.getByTestId('dataset-rows').filter({ hasText: '3' }).waitFor()
    expect(await detail.getByTestId('dataset-verifier').innerText()).toMatch(/^math — 3 of 3 sampled answers look mathematical/)
    expect(await detail.getByTestId('dataset-step-labels').innerText()).toContain('2 rows carry human step labels')
    await detail.getByTestId('dataset-skipped').locator('summary').click()
    expect(await detail.getByTestId('dataset-skipped-row').innerText()).toBe('line 3, field answer: missing')
    await page.getByTestId('dataset-preview-step-labels').first().waitFor()
    expect(await page.getByTestId('dataset-preview-step-labels').first().innerText()).toBe('2 steps: 2 right, 0 wrong')
    await screenshot(page, 'import-2-imported')
  })
})
