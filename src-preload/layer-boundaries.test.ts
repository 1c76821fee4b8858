// The layer boundaries of eslint.config.js, checked with ESLint itself on imports that cross them: a rule that
// silently stopped matching (a renamed folder, a changed pattern) would otherwise pass `npm run lint` forever.
import { resolve } from 'node:path'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const eslint = new ESLint({ cwd: resolve(import.meta.dirname, '..') })

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(import.meta.dirname, '..', file) })
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-undef').map((m) => m.message)
}

describe('layer boundaries', () => {
  it('keeps the renderer off src-main', async () => {
    expect(await problems('src-renderer/src/compare/x.ts', "import { createHost } from '../../../src-main/host/host'\nexport const a = createHost\n")).toEqual([
      expect.stringMatching(/renderer must not import src-main/),
    ])
  })

  it('keeps the RL code and the report off the host', async () => {
    const host = "import { createHost } from '../host/host'\nexport const a = createHost\n"
    expect(await problems('src-main/rl/x.ts', host)).toEqual([expect.stringMatching(/src-main\/rl must not import src-main\/host/)])
    expect(await problems('src-main/reports/x.ts', host)).toEqual([expect.stringMatching(/src-main\/reports must not import src-main\/host/)])
    expect(await problems('src-main/cli/x.ts', host)).toEqual([])
  })

  it('keeps the contract and the analysis free of Node, the DOM and the sides', async () => {
    const code = [
      "import { readFileSync } from 'node:fs'",
      "import { join } from 'path'",
      "import { ref } from 'vue'",
      "import { x } from '../../src-main/rl/batch'",
      "import { y } from '../../src-renderer/src/compare/settings'",
      "import { ApiEvent } from '../contract/events'",
      'export const a = [readFileSync, join, ref, x, y, ApiEvent, document, process]',
    ].join('\n')
    const found = await problems('src-preload/analysis/x.ts', code)
    expect(found.filter((m) => /no Node built-ins/.test(m))).toHaveLength(2)
    expect(found.filter((m) => /must not import a side/.test(m))).toHaveLength(3)
    expect(found.filter((m) => /is not defined/.test(m))).toEqual(["'document' is not defined.", "'process' is not defined."])
    expect(await problems('src-preload/contract/x.ts', "import { z } from 'zod'\nimport { Id } from './schemas'\nexport const a = [z, Id]\n")).toEqual([])
  })

  it('lets only the Electron entry import electron', async () => {
    const code = "import { app } from 'electron'\nexport const a = app\n"
    expect(await problems('src-main/host/x.ts', code)).toEqual([expect.stringMatching(/Only src-main\/app may import 'electron'/)])
    expect(await problems('src-main/app/x.ts', code)).toEqual([])
  })
})
