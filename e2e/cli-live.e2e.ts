/// <reference lib="dom" />
// A run started from the command line appears in an open app without a restart: the browser-mode host follows the
// runs folder (src-main/host/runs-service.ts), so the run shows up, is marked as trained elsewhere (read-only here),
// streams its curves, and ends as completed — all while the CLI process trains it.
import { spawn, type ChildProcess } from 'node:child_process'
import { afterAll, describe, expect, it } from 'vitest'
import { screenshot } from './support/browser-mode'
import { appForSpec } from './support/spec-app'

let cli: ChildProcess | null = null
let cliOutput = ''

const spec = appForSpec()
// Registered after appForSpec's: vitest runs afterAll hooks last-registered first, so the CLI stops before the app.
afterAll(() => {
  cli?.kill('SIGKILL')
})

const NAME = 'made by the CLI'
const TINY = [
  'iterations=3',
  'task.validationSize=16',
  'task.testSize=0',
  'sft.steps=20',
  'rollout.promptsPerIteration=4',
  'rollout.maxResponseTokens=40',
  'logging.validateEvery=1',
  'logging.rolloutSamples=4',
  'logging.heldOutPrmPrompts=4',
]

describe('a run made by the CLI', () => {
  it('appears in the open app while it trains, marked as trained elsewhere, and completes there', { timeout: 400_000 }, async () => {
    const { page, workspaceDir } = spec.app
    await page.getByTestId('nav-runs').click()
    await page.getByTestId('empty-laptop-run').waitFor()

    // As the README says: the built CLI, on the same workspace.
    cli = spawn(process.execPath, ['out/main/cli.js', 'run', '--preset', 'laptop', ...TINY.flatMap((s) => ['--set', s]), '--name', NAME, '--workspace', workspaceDir], { stdio: ['ignore', 'pipe', 'pipe'] })
    cli.stdout?.on('data', (chunk: Buffer) => (cliOutput += chunk.toString()))
    cli.stderr?.on('data', (chunk: Buffer) => (cliOutput += chunk.toString()))
    const exited = new Promise<number | null>((resolve) => cli!.on('exit', resolve))

    const row = page.getByTestId('run-row').filter({ hasText: NAME })
    await row.waitFor({ timeout: 60_000 })
    await row.getByTestId('run-elsewhere').waitFor({ timeout: 60_000 })
    await row.click()
    await page.getByTestId('run-elsewhere-note').waitFor()
    // Read-only here: no pause or cancel for a run another process trains.
    expect(await page.getByTestId('run-action-pause').count()).toBe(0)
    expect(await page.getByTestId('run-action-cancel').count()).toBe(0)
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="metric-panel"][data-panel="Reward"]')?.getAttribute('data-points') ?? 0) >= 2, null, { timeout: 300_000 })
    await screenshot(page, 'cli-live-1-training-elsewhere')

    expect(await exited, cliOutput).toBe(0)
    await page.waitForFunction((name) => [...document.querySelectorAll('[data-testid="run-row"]')].some((r) => r.textContent?.includes(name) && r.textContent.includes('completed')), NAME, { timeout: 30_000 })
    await row.getByTestId('run-elsewhere').waitFor({ state: 'detached' })
    // Read again from its files once it stopped (its last rows are not relayed: step 0's lines, then the iterations
    // as columns), the run's own view has every iteration: the validation curve starts from the starting model
    // (iteration 0), and the SFT warm start's progress is there.
    await page.waitForFunction(() => document.querySelector('[data-testid="metric-panel"][data-panel="Validation accuracy"]')?.getAttribute('data-points') === '4', null, { timeout: 30_000 })
    const points = await page.evaluate(() =>
      Object.fromEntries([...document.querySelectorAll('[data-testid="metric-panel"]')].map((p) => [p.getAttribute('data-panel'), Number(p.getAttribute('data-points'))])),
    )
    expect(points).toMatchObject({ 'Validation accuracy': 4, Reward: 6 })
    expect(points['SFT warm start loss']).toBeGreaterThan(1)
    await screenshot(page, 'cli-live-2-completed')
  })
})
