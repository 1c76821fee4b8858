// The golden tests (PRIME golden vectors, the math grader's golden verdicts, MATH-500) skip where the shared folder
// is missing — except in CI (CI=true), where they must fail and say why (issue 10). Runs those test files in a
// child vitest against a shared folder that does not exist.
import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const GOLDEN_TEST_FILES = [
  'src-main/rl/golden.test.ts',
  'src-main/tasks/math/golden.test.ts',
  'src-main/tasks/math/math500.test.ts',
  'src-main/tasks/import/import-math500.test.ts',
]
const ROOT = resolve(import.meta.dirname, '../..')

function runGoldenTests(ci: boolean): { status: number | null; output: string } {
  // The child must not think it is a worker of this run; plain text output.
  const inherited = Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST') && !['CI', 'FORCE_COLOR'].includes(key))
  const env = Object.fromEntries(inherited)
  const result = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--project', 'unit', ...GOLDEN_TEST_FILES], {
    cwd: ROOT,
    env: { ...env, PRIME_SHARED_DIR: resolve(ROOT, 'no-such-shared-folder'), ...(ci ? { CI: 'true' } : {}), NO_COLOR: '1' },
    encoding: 'utf8',
    timeout: 120_000,
  })
  return { status: result.status, output: `${result.stdout}${result.stderr}` }
}

describe('golden tests without the shared folder', { timeout: 150_000 }, () => {
  it('fail in CI, each file naming the missing file and why', () => {
    const { status, output } = runGoldenTests(true)
    expect(status).not.toBe(0)
    for (const file of GOLDEN_TEST_FILES) expect(output).toMatch(new RegExp(`FAIL .*${file}`))
    expect(output).toMatch(/no-such-shared-folder\/fixtures\/prime-golden\.json.*CI=true, so missing golden data fails the run/)
    expect(output).toMatch(/no-such-shared-folder\/datasets\/math500\.jsonl is missing/)
  })

  it('skip, saying so, elsewhere', () => {
    const { status, output } = runGoldenTests(false)
    expect(status, output).toBe(0)
    expect(output).toMatch(/skipping PRIME golden vectors: .*no-such-shared-folder/)
    expect(output).toMatch(/Tests\s+\d+ skipped/)
  })
})
