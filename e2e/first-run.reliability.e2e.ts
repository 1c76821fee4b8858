// The first run as the README tells a new user to do it (issue 10), on the built artefacts: `npm start` where the
// Electron binary is missing and cannot be downloaded, `npm exec prime-workbench -- …` (the bin needs its shebang),
// the code verifier through the bundle (its sandbox harness must ship with it), and the CLI's answers to mistakes on
// its command line and in configs: one line, exit code 2, no stack trace.
import { spawn, type SpawnOptions } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sandboxStatus } from '../src-main/tasks/code/sandbox'

const CLI = resolve('out/main/cli.js')
const scratch = mkdtempSync(join(tmpdir(), 'prime-e2e-first-run-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

interface Outcome {
  code: number | null
  stdout: string
  stderr: string
}

function run(command: string, args: string[], options: SpawnOptions = {}): Promise<Outcome> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options })
    let stdout = ''
    let stderr = ''
    child.stdout?.on('data', (chunk) => (stdout += chunk))
    child.stderr?.on('data', (chunk) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }))
  })
}

/** What our own program printed: npm's notices and its echo of the script it runs left out. */
function ownLines(text: string): string[] {
  return text.split('\n').filter((line) => line.trim() !== '' && !/^npm (warn|notice|error)\b/.test(line) && !line.startsWith('> '))
}

const STACK_FRAME = /^\s+at .+/m
const sandbox = await sandboxStatus()

describe('npm start without the Electron binary', () => {
  let mirror: Server
  const requested: string[] = []

  // A loopback "download mirror" that has nothing: the download fails at once, as it does offline, and no test
  // ever reaches the network. The override folder is empty, so the binary counts as missing on every machine.
  beforeAll(async () => {
    mirror = createServer((request, response) => {
      requested.push(request.url ?? '')
      response.writeHead(404).end()
    })
    await new Promise<void>((r) => mirror.listen(0, '127.0.0.1', r))
  })
  afterAll(() => mirror.close())

  it('tries the download, then says in one line to use `npm run serve`, and exits non-zero without a stack trace', { timeout: 120_000 }, async () => {
    const address = mirror.address()
    const port = typeof address === 'object' && address ? address.port : 0
    const emptyDist = join(scratch, 'electron-dist')
    const emptyCache = join(scratch, 'electron-cache')
    mkdirSync(emptyDist)
    mkdirSync(emptyCache)
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ELECTRON_OVERRIDE_DIST_PATH: emptyDist,
      ELECTRON_MIRROR: `http://127.0.0.1:${port}/`,
      electron_config_cache: emptyCache,
    }
    delete env.ELECTRON_EXEC_PATH
    const started = await run('npm', ['start'], { env })
    expect(started.code).not.toBe(0)
    expect(requested.some((url) => /electron-v[\d.]+-\w+-\w+\.zip$/.test(url)), `mirror saw ${requested.join(', ')}`).toBe(true)
    const lines = ownLines(`${started.stdout}\n${started.stderr}`)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/Electron binary is not installed and its download failed \(HTTPError: .*404.*\)\. Use the app in your browser now with `npm run serve`/)
    expect(`${started.stdout}${started.stderr}`).not.toMatch(STACK_FRAME)
    expect(`${started.stdout}${started.stderr}`).not.toMatch(/Electron uninstall/)
  })
})

describe('prime-workbench as built, run the way the README says', () => {
  it('is an executable script with a node shebang', () => {
    expect(statSync(CLI).mode & 0o111).not.toBe(0)
  })

  it('runs through `npm exec prime-workbench -- …`', { timeout: 60_000 }, async () => {
    const workspace = join(scratch, 'ws-ls')
    const listed = await run('npm', ['exec', 'prime-workbench', '--', 'ls', '--workspace', workspace])
    expect(listed, listed.stderr).toMatchObject({ code: 0 })
    expect(listed.stdout).toMatch(/no runs in .*ws-ls/)
  })

  it.skipIf(!sandbox.available)(
    `grades code through the bundle, in the sandbox${sandbox.available ? '' : ` — SKIPPED, no sandbox here: ${sandbox.reason}`}`,
    { timeout: 60_000 },
    async () => {
      const reference = JSON.stringify({ inputs: ['1 2\n', '5 -3\n'], outputs: ['3\n', '2\n'] })
      const line = (code: string) => JSON.stringify({ response: `\`\`\`python\n${code}\n\`\`\``, reference, verifier: 'code' })
      const file = join(scratch, 'code.jsonl')
      writeFileSync(file, `${line('a, b = map(int, input().split())\nprint(a + b)')}\n${line('print(3)')}\n`)
      const graded = await run('npm', ['exec', 'prime-workbench', '--', 'grade', file])
      expect(graded, graded.stderr).toMatchObject({ code: 0 })
      const results = graded.stdout.trim().split('\n').map((l) => JSON.parse(l) as { score: number; detail: string })
      expect(results).toEqual([
        { score: 1, detail: 'passed all 2 tests' },
        { score: 0.5, detail: expect.stringMatching(/^wrong answer: 1\/2/) },
      ])
    },
  )
})

describe.concurrent('prime-workbench on a mistake: one line, exit code 2, no stack trace', () => {
  const config = join(scratch, 'typo.json')
  writeFileSync(config, JSON.stringify({ kind: 'engine-smoke', steps: 3, matrixSize: 4, stepDelay: 5 }))
  const cases: [string[], RegExp][] = [
    [['init', '--preset', 'XS', '--out', 'x', '--seed', '-1'], /--seed needs a value \(one that starts with "-" is written --seed=<value>\)/],
    [['init', '--preset', 'XS', '--out', 'x', '--seed=-1'], /--seed "-1": expected a whole number from 0 to 2147483647/],
    [['init', '--preset', 'XS', '--out', 'x', '--seed', '0x10'], /--seed "0x10": expected a whole number/],
    [['init', '--preset', 'XS', '--out', 'x', '--seed', ''], /--seed "": expected a whole number/],
    [['init', '--preset', 'XS', '--out', 'x', '--seed'], /--seed needs a value/],
    [['ls', '--frobnicate'], /unknown option --frobnicate/],
    [['ls', '--seed', '3'], /ls: --seed does not apply here/],
    [['ls', 'extra'], /ls: unexpected argument "extra"/],
    [['frobnicate'], /unknown command "frobnicate" \(commands: run, [^)]*\bresume, ls\b/],
    [['compare', 'a', '--reward', '0x1'], /--reward "0x1": expected a number/],
    [['run', config], /typo\.json: unknown key config\.stepDelay — did you mean config\.stepDelayMs\?/],
    [['run', '--preset', 'laptop', '--set', 'policy.lrr=0.001'], /unknown key config\.policy\.lrr — did you mean config\.policy\.lr\?/],
    [['run', '--preset', 'laptop', '--set', 'iteratons=3'], /unknown key config\.iteratons — did you mean config\.iterations\?/],
  ]
  it.each(cases)('prime-workbench %j', { timeout: 60_000 }, async (args, message) => {
    const outcome = await run(CLI, [...args, '--workspace', join(scratch, 'ws-mistakes')], { cwd: scratch })
    expect(outcome.code).toBe(2)
    expect(outcome.stdout).toBe('')
    expect(outcome.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^prime-workbench: /)])
    expect(outcome.stderr).toMatch(message)
  })
})
