/// <reference lib="dom" />
// Every view of the app, and the parts of each a person opens (a dataset row in full, the re-grade failures, the
// launch form's modes, Compare's "Other metrics" and readouts, the heatmap's token view), as `screenshotViews`
// entries: `ready` brings the part into sight, so the viewport shot shows what a person at that size would see.
import type { Locator, Page } from 'playwright-core'
import type { ShotView } from './browser-mode'

export interface ViewRuns {
  /** A run with rollouts, and another to set beside it (heatmap baseline, rollouts' second column). */
  run: string
  other: string
  /** The Compare picker's filter that finds the runs of the comparison to show. */
  comparison: string
  /** The datasets to open: one with rows, and one whose references the verifiers disagree with. */
  dataset: string
  regradeDataset: string
  /** The sweep to open in the Sweeps view. */
  sweep: string
}

export function everyView(ids: ViewRuns): ShotView[] {
  return [
    { name: 'runs', hash: `#/runs/${ids.run}`, ready: (p) => p.getByTestId('run-detail').waitFor() },
    { name: 'launch-single', hash: `#/runs/${ids.run}`, ready: (p) => showLaunchForm(p, 'single') },
    { name: 'launch-compare', hash: `#/runs/${ids.run}`, ready: (p) => showLaunchForm(p, 'compare') },
    { name: 'datasets', hash: '#/datasets', ready: (p) => openDataset(p, ids.dataset) },
    { name: 'datasets-row', hash: '#/datasets', ready: (p) => openDatasetRow(p, ids.dataset) },
    { name: 'datasets-regrade', hash: '#/datasets', ready: (p) => regradeFailures(p, ids.regradeDataset) },
    { name: 'compare', hash: '#/compare', ready: (p) => pickInCompare(p, ids.comparison) },
    { name: 'compare-other-metrics', hash: '#/compare', ready: (p) => openOtherMetrics(p, ids.comparison) },
    { name: 'compare-readouts', hash: '#/compare', ready: (p) => showReadouts(p, ids.comparison) },
    { name: 'heatmap', hash: `#/heatmap/${ids.run}?baseline=${ids.other}`, ready: (p) => p.getByTestId('heatmap-run-panel').waitFor({ timeout: 30_000 }) },
    { name: 'heatmap-tokens', hash: `#/heatmap/${ids.run}?baseline=${ids.other}`, ready: openTokenView },
    { name: 'rollouts', hash: `#/rollouts/${ids.run}?other=${ids.other}`, ready: (p) => p.getByTestId('rollout-group').first().waitFor({ timeout: 30_000 }) },
    { name: 'sweeps', hash: '#/sweeps', ready: (p) => openSweep(p, ids.sweep) },
    { name: 'reports', hash: '#/reports', ready: (p) => p.getByTestId('report-run-picker').waitFor() },
    { name: 'settings', hash: '#/settings', ready: (p) => p.locator('h1').waitFor() },
  ]
}

/** Scrolls `locator` to the top of the window, a little below its edge. */
async function bringToTop(locator: Locator): Promise<void> {
  await locator.evaluate((el) => {
    el.scrollIntoView({ block: 'start' })
    window.scrollBy(0, -12)
  })
}

async function showLaunchForm(page: Page, mode: 'single' | 'compare'): Promise<void> {
  const form = page.getByTestId('launch-form')
  await form.locator(`input[name="mode"][value="${mode}"]`).check()
  if (mode === 'compare') {
    await page.getByTestId('seeds-count').fill('3')
    await page.getByTestId('launch-preview-count').waitFor()
  }
  await bringToTop(form)
}

async function openDataset(page: Page, name: string): Promise<void> {
  await page.getByTestId('dataset-row').filter({ hasText: name }).first().click()
  await page.getByTestId('dataset-detail').waitFor()
}

async function openDatasetRow(page: Page, name: string): Promise<void> {
  await openDataset(page, name)
  await page.getByTestId('dataset-preview-row').nth(1).click()
  await bringToTop(page.getByTestId('dataset-row-detail'))
}

async function regradeFailures(page: Page, name: string): Promise<void> {
  await openDataset(page, name)
  await page.getByTestId('dataset-regrade-button').click()
  const result = page.getByTestId('dataset-regrade-result')
  await result.locator('table').waitFor({ timeout: 30_000 })
  await bringToTop(page.getByTestId('dataset-regrade'))
}

/** Picks exactly the runs the filter finds, then clears the filter. */
async function pickInCompare(page: Page, filter: string): Promise<void> {
  const picker = page.getByTestId('compare-run-picker')
  const clear = picker.getByRole('button', { name: 'Clear', exact: true })
  if (await clear.isEnabled()) await clear.click()
  await picker.locator('input[name="run-filter"]').fill(filter)
  await picker.getByRole('button', { name: 'Pick all shown' }).click()
  await picker.locator('input[name="run-filter"]').fill('')
  await page.getByTestId('compare-panels').waitFor()
  // Panels draw as they come into sight: the first one, drawn, is what the shot needs.
  await page.waitForFunction(() => !/Loading metrics/.test(document.querySelector('[data-testid="compare-panels"] > *')?.textContent ?? 'Loading metrics'), null, { timeout: 30_000 })
}

async function openOtherMetrics(page: Page, filter: string): Promise<void> {
  await pickInCompare(page, filter)
  const other = page.getByTestId('other-metrics')
  if ((await other.getAttribute('open')) === null) await other.locator('summary').click()
  // The whole list, once every picked run's columns are here (it says "more loading" until then).
  await page.getByTestId('other-metrics-loading').waitFor({ state: 'detached', timeout: 60_000 })
}

async function showReadouts(page: Page, filter: string): Promise<void> {
  await pickInCompare(page, filter)
  await page.getByTestId('efficiency-loading').waitFor({ state: 'detached', timeout: 60_000 })
  await bringToTop(page.getByTestId('config-diff'))
}

async function openSweep(page: Page, name: string): Promise<void> {
  await page.getByTestId('sweep-item').filter({ hasText: name }).click()
  await page.waitForFunction((n) => document.querySelector('[data-testid="sweep-title"]')?.textContent === n, name)
  await page.getByTestId('sweep-parallel').waitFor()
}

async function openTokenView(page: Page): Promise<void> {
  await page.getByTestId('heatmap-run-panel').waitFor({ timeout: 30_000 })
  await page.locator('[data-testid="heatmap-run-panel"] .row-head').first().click()
  await page.getByTestId('token-view').waitFor()
}
