/// <reference lib="dom" />
// The runs table with 300 runs, in a real Chromium against browser mode: runs copied into the workspace folder,
// virtualised rows, the filter language (with its errors), a metric column from the column picker, sorting, a tag
// set in a run's notes and found by the filter, and a saved view that survives a reload.
import { describe, expect, it } from 'vitest'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { screenshot } from './support/browser-mode'
import { writeCopiedRuns, type CopiedRun } from './support/run-folders'
import { appForSpec } from './support/spec-app'

const RUNS = 300
let copied: CopiedRun[]

const spec = appForSpec(() => {
  const workspaceDir = mkdtempSync(join(tmpdir(), 'prime-e2e-table-'))
  copied = writeCopiedRuns(workspaceDir, RUNS)
  return workspaceDir
})

const count = (page: Page) => page.getByTestId('run-count').innerText()
async function filter(page: Page, query: string): Promise<void> {
  await page.getByTestId('run-filter').fill(query)
}
const rowNames = (page: Page) => page.getByTestId('run-row').evaluateAll((rows) => rows.map((row) => row.querySelector('[data-testid="run-name"]')?.textContent?.trim() ?? ''))

describe('the runs table', () => {
  it('lists hundreds of runs, rendering only the rows in view', async () => {
    const { page } = spec.app
    await page.getByTestId('nav-runs').click()
    await page.getByTestId('run-table').waitFor()
    await page.waitForFunction((n) => document.querySelector('[data-testid="run-count"]')?.textContent?.trim() === `${n} runs`, RUNS)
    const rendered = await page.getByTestId('run-row').count()
    expect(rendered).toBeGreaterThan(5)
    expect(rendered).toBeLessThan(40)
    // The seed column tells runs of one comparison apart whatever their names.
    expect(await page.locator('[data-testid="run-table"] [role="columnheader"]').allInnerTexts()).toEqual(expect.arrayContaining(['Seed', 'State', 'Algorithm', 'Tags']))
  })

  it('filters with the query language, and says what is wrong with a mistaken filter', async () => {
    const { page } = spec.app
    const expected = copied.filter((r) => r.algorithm === 'prime' && r.beta >= 0.1)
    await filter(page, 'algorithm = prime and prm.beta >= 0.1')
    await page.waitForFunction((n) => document.querySelector('[data-testid="run-count"]')?.textContent?.includes(`${n} of 300`), expected.length)
    for (const name of await rowNames(page)) expect(name).toMatch(/^copied prime β=0\.(1|2) seed/)

    await filter(page, 'algorithm = prime and prm.betta >= 0.1')
    const error = page.getByTestId('run-filter-error')
    await error.waitFor()
    expect(await error.innerText()).toMatch(/unknown field prm\.betta — did you mean prm\.beta\?/)
    // The last filter that made sense stays applied.
    expect(await count(page)).toBe(`${expected.length} of 300 runs`)
    await filter(page, 'algorithm = prime and prm.beta >= 0.1')
    await error.waitFor({ state: 'detached' })
  })

  it('adds a final-figure column from the column picker and sorts by it', async () => {
    const { page } = spec.app
    await page.getByTestId('column-picker').locator('summary').click()
    await page.getByTestId('column-search').fill('val/acc')
    await page.getByTestId('column-figure-kind').selectOption('final')
    await page.getByTestId('column-option-final.val/acc').check()
    await page.getByTestId('column-search').fill('prm.beta')
    await page.getByTestId('column-option-prm.beta').check()
    await page.getByTestId('column-picker').locator('summary').click()
    // A figure sorts highest first on its first click.
    await page.getByTestId('sort-final.val/acc').click()
    const best = copied.filter((r) => r.algorithm === 'prime' && r.beta >= 0.1).sort((a, b) => b.finalAccuracy - a.finalAccuracy)
    await page.waitForFunction(
      (name) => document.querySelector('[data-testid="run-row"] [data-testid="run-name"]')?.textContent?.trim() === name,
      best[0]!.name,
    )
    const figures = await page.locator('[data-testid="run-row"] [data-field="final.val/acc"]').allInnerTexts()
    expect(figures.slice(0, 3)).toEqual(best.slice(0, 3).map((r) => String(Number(r.finalAccuracy.toPrecision(3)))))
    expect(await page.locator('[role="columnheader"][aria-sort="descending"]').innerText()).toMatch(/final val\/acc/)
    await screenshot(page, 'runs-table-1-filtered-sorted')
  })

  it('finds a run by a tag set in its notes, here and in the Compare picker', async () => {
    const { page } = spec.app
    const first = page.getByTestId('run-row').first()
    const name = await first.getByTestId('run-name').innerText()
    await first.click()
    const notes = page.getByTestId('run-notes')
    await notes.locator('input[name="tags"]').fill('sweep-3, keeper')
    await notes.getByText('Saved').waitFor()
    await filter(page, 'tag:keeper')
    await page.waitForFunction(() => document.querySelector('[data-testid="run-count"]')?.textContent?.includes('1 of 300'))
    expect(await rowNames(page)).toEqual([name])
    await page.getByTestId('nav-compare').click()
    await page.locator('input[name="run-filter"]').fill('tag:keeper')
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="compare-run-picker"] li').length === 1)
    expect(await page.getByTestId('compare-run-picker').innerText()).toContain('#keeper')
    await page.getByTestId('nav-runs').click()
    await filter(page, 'algorithm = prime and prm.beta >= 0.1')
  })

  it('saves the view (filter, columns, sort) and brings it back after a reload', async () => {
    const { page } = spec.app
    await page.getByTestId('saved-view-new').click()
    await page.getByTestId('saved-view-name').fill('prime, high β')
    await page.getByTestId('saved-view-save').click()
    await page.getByTestId('saved-view-select').locator('option', { hasText: 'prime, high β' }).waitFor({ state: 'attached' })
    await page.getByTestId('saved-view-select').selectOption({ label: 'Default' })
    await page.waitForFunction(() => (document.querySelector('[data-testid="run-filter"]') as HTMLInputElement).value === '')
    expect(await page.getByTestId('sort-final.val/acc').count()).toBe(0)

    await page.reload()
    await page.getByTestId('run-table').waitFor()
    await page.getByTestId('saved-view-select').selectOption({ label: 'prime, high β' })
    await page.waitForFunction(() => (document.querySelector('[data-testid="run-filter"]') as HTMLInputElement).value === 'algorithm = prime and prm.beta >= 0.1')
    await page.getByTestId('sort-final.val/acc').waitFor()
    expect(await page.locator('[role="columnheader"][aria-sort="descending"]').innerText()).toMatch(/final val\/acc/)
    const expected = copied.filter((r) => r.algorithm === 'prime' && r.beta >= 0.1).sort((a, b) => b.finalAccuracy - a.finalAccuracy)
    await page.waitForFunction((name) => document.querySelector('[data-testid="run-row"] [data-testid="run-name"]')?.textContent?.trim() === name, expected[0]!.name)
  })

  it('moves through the rows with the keyboard, scrolling the virtual list', async () => {
    const { page } = spec.app
    await page.getByTestId('saved-view-select').selectOption({ label: 'Default' })
    await page.getByTestId('run-row').first().focus()
    await page.keyboard.press('End')
    await page.keyboard.press('Enter')
    const last = [...copied].sort((a, b) => a.id.localeCompare(b.id))[0]!
    // Sorted by creation, newest first: the last row is the oldest run.
    await page.waitForFunction((id) => document.querySelector('[data-testid="run-detail"]')?.getAttribute('data-run-id') === id, last.id)
    expect(await page.getByTestId('run-row').count()).toBeLessThan(40)
  })
})
