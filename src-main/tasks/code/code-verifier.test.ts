// The code verifier end to end, in the real bubblewrap sandbox: scoring (APPS stdin and call-based tests, the
// first-10 rule) and containment of hostile programs (infinite loop, fork bomb, 4 GB allocation, network, file
// writes, huge output, killing the harness). The process counts below see only this file's sandboxes
// (test-support/sandbox-processes.ts), so other files may run sandboxes at the same time. Skipped, with the reason
// in the suite name, where no sandbox is available.

import { existsSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assertsReference } from './apps-tests'
import { verifyCode } from './code-verifier'
import { runSandboxed, SANDBOX_PYTHON, SandboxUnavailableError, sandboxStatus } from './sandbox'
import { sandboxedProcesses, untilNoSandboxedProcesses } from './test-support/sandbox-processes'

const status = await sandboxStatus()
const suite = status.available ? describe : describe.skip
const title = (name: string) => (status.available ? name : `${name} — SKIPPED, no sandbox here: ${status.reason}`)

const py = (code: string) => `Here is my solution.\n\`\`\`python\n${code}\n\`\`\`\n`
const stdinRef = (pairs: Array<[string, string]>) => JSON.stringify({ inputs: pairs.map((p) => p[0]), outputs: pairs.map((p) => p[1]) })
const SUM = 'a, b = map(int, input().split())\nprint(a + b)'

describe('verifyCode: arguments', () => {
  it('rejects bad options and references with the field named, before running anything', async () => {
    const ref = stdinRef([['1 2', '3']])
    await expect(verifyCode(py(SUM), ref, { testTimeoutMs: 0 })).rejects.toThrow(/option "testTimeoutMs" must be positive/)
    await expect(verifyCode(py(SUM), ref, { memoryMiB: '512' })).rejects.toThrow(/option "memoryMiB" must be a finite number/)
    await expect(verifyCode(py(SUM), ref, { maxProcesses: 2 })).rejects.toThrow(/"maxProcesses" must be at least 3/)
    await expect(verifyCode(py(SUM), '{"inputs": ["1"], "outputs": [1]}')).rejects.toThrow(/reference\.outputs\[0\] must be a string/)
  })
})

suite(title('sandbox'), { timeout: 10_000 }, () => {
  it('reports available after running python3 inside bwrap', async () => {
    expect(status).toEqual({ available: true })
  })

  it('kills the whole sandbox on the wall-clock timeout, processes that ignore signals included', async () => {
    const script = [
      'import os, signal, time',
      'for _ in range(3):',
      '    if os.fork() == 0:',
      '        os.setsid()',
      '        signal.signal(signal.SIGTERM, signal.SIG_IGN)',
      '        while True: time.sleep(1)',
      'print("forked", flush=True)',
      'while True: time.sleep(1)',
    ].join('\n')
    const t = performance.now()
    // Four processes in all besides bwrap's init: above the default limit of 4.
    const r = await runSandboxed({ command: [SANDBOX_PYTHON, '-c', script], wallTimeoutMs: 700, maxStdoutBytes: 1000, limits: { maxProcesses: 8 } })
    expect(r.ended).toBe('timeout')
    expect(r.stdout).toBe('forked\n')
    expect(performance.now() - t).toBeLessThan(700 + 1500)
    expect(await untilNoSandboxedProcesses(2000)).toBe(0)
  })

  it('kills a command that prints past the stdout cap, keeping exactly the cap', async () => {
    const r = await runSandboxed({
      command: [SANDBOX_PYTHON, '-c', 'while True: print("y" * 4096)'],
      wallTimeoutMs: 10_000,
      maxStdoutBytes: 100_000,
    })
    expect(r.ended).toBe('output_limit')
    expect(r.stdout.length).toBe(100_000)
    expect(r.ms).toBeLessThan(5000)
  })

  it('refuses, without running anything, when bwrap is missing or cannot start a sandbox', async () => {
    try {
      const missing = await sandboxStatus({ bwrapPath: '/nonexistent/bwrap' })
      expect(missing.available).toBe(false)
      expect(missing.reason).toMatch(/could not start bwrap.*ENOENT/)
      await expect(verifyCode(py(SUM), stdinRef([['1 2', '3']]))).rejects.toThrow(SandboxUnavailableError)
      await expect(verifyCode(py(SUM), stdinRef([['1 2', '3']]))).rejects.toThrow(/apt-get install -y bubblewrap/)
      const broken = await sandboxStatus({ bwrapPath: '/bin/false' })
      expect(broken).toEqual({ available: false, reason: expect.stringMatching(/bwrap could not start a sandbox \(exit code 1\)/) })
      await expect(runSandboxed({ command: ['/bin/true'], wallTimeoutMs: 1000, maxStdoutBytes: 10 })).rejects.toThrow(/refusing to run untrusted code/)
    } finally {
      expect(await sandboxStatus({ refresh: true })).toEqual({ available: true })
    }
  })
})

suite(title('verifyCode: scoring'), { timeout: 10_000 }, () => {
  it('scores a correct stdin/stdout solution 1', async () => {
    const r = await verifyCode(py(SUM), stdinRef([['1 2\n', '3\n'], ['10 -4\n', '6\n'], ['0 0', '0']]))
    expect(r).toEqual({ score: 1, detail: 'passed all 3 tests', extracted: SUM })
  })

  it('scores a partly correct solution by the fraction of tests passed', async () => {
    const wrongOnNegatives = 'a, b = map(int, input().split())\nprint(abs(a) + abs(b))'
    const r = await verifyCode(py(wrongOnNegatives), stdinRef([['1 2', '3'], ['-1 2', '1'], ['5 5', '10'], ['-3 -3', '-6']]))
    expect(r.score).toBe(0.5)
    expect(r.detail).toMatch(/^wrong answer: 2\/4 of the first 4 tests passed; first failure at test 2 of 4/)
  })

  it('counts only the first 10 tests once one fails (the authors\' continuous score)', async () => {
    const echo = 'n = int(input())\nprint(0 if n in (2, 11) else n)'
    const tests = Array.from({ length: 12 }, (_, i): [string, string] => [String(i + 1), String(i + 1)])
    const r = await verifyCode(py(echo), stdinRef(tests))
    expect(r.score).toBeCloseTo(9 / 10, 12)
    expect(r.detail).toMatch(/9\/10 of the first 10 tests passed; first failure at test 2 of 12/)

    const lateFailure = await verifyCode(py('n = int(input())\nprint(0 if n == 12 else n)'), stdinRef(tests))
    expect(lateFailure.score).toBe(1)
    expect(lateFailure.detail).toMatch(/passed the first 10 tests, then wrong answer at test 12 of 12/)
  })

  it('runs call-based tests: a function or a Solution method, tuples equal lists, exact big integers', async () => {
    const ref = JSON.stringify({ fn_name: 'pair', inputs: ['3\n4', [10, 20], '[1, 2]\n1'], outputs: ['[7, 12]', [[30, 200]], '[[1, 2, 1], 2]'] })
    const fn = 'def pair(a, b):\n    if isinstance(a, list):\n        return a + [b], len(a)\n    return (a + b, a * b)'
    expect(await verifyCode(py(fn), ref)).toMatchObject({ score: 1, detail: 'passed all 3 tests' })
    const method = `class Solution:\n    def pair(self, a, b):\n        return pair(a, b)\n${fn}`
    expect((await verifyCode(py(method), ref)).score).toBe(1)

    const big = JSON.stringify({ fn_name: 'f', inputs: [[64]], outputs: ['18446744073709551617'] })
    expect((await verifyCode(py('def f(k): return 2**k + 1'), big)).score).toBe(1)
    expect((await verifyCode(py('def f(k): return 2**k'), big)).score).toBe(0) // equal as doubles, not as integers
    const missing = await verifyCode(py('def g(k): return k'), big)
    expect(missing).toMatchObject({ score: 0, detail: expect.stringMatching(/runtime error.*defines no function 'f'/) })
  })

  it('runs MBPP-style assert tests (test_list, test_setup_code): a failed assert is a wrong answer', async () => {
    const reference = assertsReference(['assert remove_occ("hello", "l") == "heo"', 'assert remove_occ(WORD, "a") == "bnn"'], 'WORD = "banana"')
    const right = py('def remove_occ(s, ch):\n    return s.replace(ch, "")')
    expect(await verifyCode(right, reference)).toMatchObject({ score: 1, detail: 'passed all 2 tests' })
    const wrong = py('def remove_occ(s, ch):\n    return s.replace("l", "")')
    const graded = await verifyCode(wrong, reference)
    expect(graded.score).toBe(0.5)
    expect(graded.detail).toMatch(/^wrong answer: 1\/2 .* first failure at test 2 of 2 \(an assert failed\)/)
    expect(await verifyCode(py('def other():\n    pass'), reference)).toMatchObject({ score: 0, detail: expect.stringMatching(/^runtime error: .*NameError/) })
  })

  it('scores 0 with a reason when there is no fenced block, or the code does not compile', async () => {
    const ref = stdinRef([['1 2', '3']])
    expect(await verifyCode(SUM, ref)).toEqual({ score: 0, detail: 'no fenced Python code block in the response' })
    const r = await verifyCode(py('def f(:\n    pass'), ref)
    expect(r).toMatchObject({ score: 0, detail: expect.stringMatching(/^syntax error: SyntaxError: .*\(line 1\)$/) })
  })

  it('reports a runtime error per test', async () => {
    const r = await verifyCode(py('print(1 // int(input()))'), stdinRef([['1', '1'], ['0', '0']]))
    expect(r.score).toBe(0.5)
    expect(r.detail).toMatch(/^runtime error: .*test 2 of 2 \(ZeroDivisionError: integer division or modulo by zero\)/)
  })
})

suite(title('verifyCode: hostile programs'), { timeout: 10_000 }, () => {
  let server: Server
  let port = 0
  let connections = 0
  const marker = `prime-sandbox-${process.pid}-${Date.now()}`
  const hostPaths = [resolve(process.cwd(), `${marker}.txt`), join(homedir(), `${marker}.txt`), join('/tmp', `${marker}.txt`)]

  beforeAll(async () => {
    server = createServer((socket) => {
      connections++
      socket.destroy()
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const address = server.address()
    port = typeof address === 'object' && address ? address.port : 0
  })
  afterAll(() => {
    server.close()
    for (const p of hostPaths) rmSync(p, { force: true })
  })

  it('kills an infinite loop at the test timeout and scores 0 "timeout"', async () => {
    const t = performance.now()
    const r = await verifyCode(py('while True:\n    pass'), stdinRef([['', 'x']]), { testTimeoutMs: 1000 })
    const ms = performance.now() - t
    expect(r.score).toBe(0)
    expect(r.detail).toMatch(/^timeout: 0\/1 .*ran past 1000 ms/)
    expect(ms).toBeLessThan(1000 + 1500)
    expect(await untilNoSandboxedProcesses(2000)).toBe(0)
  })

  it('contains a fork bomb under the process limit, and leaves no process behind', async () => {
    const bomb = 'import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass'
    let peak = 0
    const sampler = setInterval(() => (peak = Math.max(peak, sandboxedProcesses().length)), 25)
    const r = await verifyCode(py(bomb), stdinRef([['', 'x']]), { testTimeoutMs: 1500, maxProcesses: 8 })
    clearInterval(sampler)
    expect(r.score).toBe(0)
    expect(r.detail).toMatch(/^timeout/)
    expect(peak).toBeGreaterThan(3) // it did fork...
    expect(peak).toBeLessThanOrEqual(8) // ...but never past RLIMIT_NPROC (bwrap's init and the harness count)
    expect(await untilNoSandboxedProcesses(2000)).toBe(0)
  })

  it('fails a 4 GB allocation with MemoryError', async () => {
    const r = await verifyCode(py('x = bytearray(4 * 1024 ** 3)\nprint(len(x))'), stdinRef([['', '4294967296']]))
    expect(r).toMatchObject({ score: 0, detail: expect.stringMatching(/runtime error.*MemoryError/) })
  })

  it('has no network: neither a connection to a host port on 127.0.0.1 nor a DNS lookup gets through', async () => {
    const probe = [
      'import socket',
      'port = int(input())',
      'try:',
      '    socket.create_connection(("127.0.0.1", port), timeout=2).close()',
      '    print("connected")',
      'except OSError:',
      '    print("no connection")',
      'try:',
      '    socket.getaddrinfo("example.com", 80)',
      '    print("resolved")',
      'except OSError:',
      '    print("no dns")',
    ].join('\n')
    const r = await verifyCode(py(probe), stdinRef([[String(port), 'no connection\nno dns']]))
    expect(r).toMatchObject({ score: 1, detail: 'passed all 1 tests' })
    expect(connections).toBe(0)
  })

  it('cannot write outside its private /tmp, and nothing it writes reaches the host', async () => {
    const writer = [
      'import sys',
      'for path in sys.stdin.read().split():',
      '    try:',
      '        with open(path, "w") as f:',
      '            f.write("pwned")',
      '        print("wrote")',
      '    except OSError:',
      '        print("denied")',
    ].join('\n')
    const r = await verifyCode(py(writer), stdinRef([[hostPaths.join('\n'), 'denied\ndenied\nwrote']]))
    expect(r).toMatchObject({ score: 1, detail: 'passed all 1 tests' })
    for (const p of hostPaths) expect(existsSync(p), p).toBe(false)
  })

  it('caps a huge output', async () => {
    const t = performance.now()
    const r = await verifyCode(py('while True:\n    print("x" * 1000)'), stdinRef([['', 'x']]), { maxOutputBytes: 1_000_000 })
    expect(r).toMatchObject({ score: 0, detail: expect.stringMatching(/^output limit: .*printed more than 1000000 bytes/) })
    expect(performance.now() - t).toBeLessThan(5000)
  })

  it('scores 0, and does not crash the verifier, when the program kills its harness', async () => {
    const r = await verifyCode(py('import os, signal\nos.kill(os.getppid(), signal.SIGKILL)'), stdinRef([['', 'x'], ['', 'x']]))
    expect(r.score).toBe(0)
    expect(r.detail).toMatch(/^crash: 0\/2 .*the harness ended early/)
    expect(await untilNoSandboxedProcesses(2000)).toBe(0)
  })
})
