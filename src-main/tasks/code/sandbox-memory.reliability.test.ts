// The code sandbox's memory as a whole (issue 10): RLIMIT_AS bounds each process only, so a program that forks up
// to the process limit and fills every process used to hold processes × 512 MiB (two sandboxes reached 5.5 GiB).
// With default limits a sandbox must stay under its documented bound, 1 GiB + 32 MiB, however the program forks.
import { describe, expect, it } from 'vitest'
import { verifyCode } from './code-verifier'
import { DEFAULT_SANDBOX_LIMITS, MAX_SANDBOX_MEMORY_BYTES, runSandboxed, sandboxMemoryBound, sandboxStatus, SANDBOX_PYTHON } from './sandbox'
import { sandboxedProcesses, untilNoSandboxedProcesses } from './test-support/sandbox-processes'

const status = await sandboxStatus()
const suite = status.available ? describe : describe.skip
const title = (name: string) => (status.available ? name : `${name} — SKIPPED, no sandbox here: ${status.reason}`)

const MiB = 2 ** 20
/** The bound src-main/tasks/code/README.md documents for default limits. */
const DOCUMENTED_BOUND = 1024 * MiB + 32 * MiB

/**
 * Forks until the process limit refuses, then every process touches 8 MiB blocks until MemoryError; the children
 * report on a pipe, and the first process prints "all full" once every process is full (and a moment later, so the
 * test samples that state), then all wait to be killed.
 */
const FORK_AND_FILL = `
import os, time
r, w = os.pipe()
child = False
children = 0
for _ in range(64):
    try:
        if os.fork() == 0:
            child = True
            break
    except OSError:
        break
    children += 1
held = []
try:
    while True:
        held.append(b"\\x01" * (8 << 20))
except MemoryError:
    pass
if child:
    os.write(w, b"x")
    time.sleep(600)
for _ in range(children):
    os.read(r, 1)
time.sleep(0.3)
print("all full", children + 1, flush=True)
time.sleep(600)
`

suite(title('code sandbox: memory of the whole sandbox'), { timeout: 30_000 }, () => {
  it('documents a bound of 1 GiB + 32 MiB for the default limits, and refuses limits above 4 GiB in all', async () => {
    expect(sandboxMemoryBound(DEFAULT_SANDBOX_LIMITS)).toBe(DOCUMENTED_BOUND)
    const tooMuch = { memoryBytes: 1024 * MiB, maxProcesses: 8 }
    expect(sandboxMemoryBound({ ...DEFAULT_SANDBOX_LIMITS, ...tooMuch })).toBeGreaterThan(MAX_SANDBOX_MEMORY_BYTES)
    await expect(runSandboxed({ command: ['/bin/true'], wallTimeoutMs: 1000, maxStdoutBytes: 10, limits: tooMuch })).rejects.toThrow(
      /8224 MiB in all .* more than 4096 MiB/,
    )
    await expect(verifyCode('```python\nprint(1)\n```', JSON.stringify({ inputs: [''], outputs: ['1'] }), { memoryMiB: 2048, maxProcesses: 4 })).rejects.toThrow(
      /more than 4096 MiB/,
    )
  })

  it('keeps a program that forks and fills every process under the bound', { timeout: 120_000 }, async () => {
    let peakBytes = 0
    let peakProcesses = 0
    const sampler = setInterval(() => {
      const processes = sandboxedProcesses()
      peakProcesses = Math.max(peakProcesses, processes.length)
      peakBytes = Math.max(peakBytes, processes.reduce((sum, p) => sum + p.rssBytes, 0))
    }, 20)
    let report = ''
    try {
      const r = await runSandboxed({
        command: [SANDBOX_PYTHON, '-c', FORK_AND_FILL],
        wallTimeoutMs: 100_000,
        maxStdoutBytes: 1000,
        onStdoutLine: (line) => ((report = line), true),
      })
      expect(r.ended, r.stderr).toBe('stopped')
    } finally {
      clearInterval(sampler)
    }
    expect(report).toBe(`all full ${DEFAULT_SANDBOX_LIMITS.maxProcesses - 1}`) // it forked up to the limit (bwrap's init counts)...
    expect(peakProcesses).toBe(DEFAULT_SANDBOX_LIMITS.maxProcesses)
    expect(peakBytes).toBeGreaterThan(DOCUMENTED_BOUND / 2) // ...and filled every process...
    expect(peakBytes).toBeLessThanOrEqual(DOCUMENTED_BOUND) // ...yet the sandbox stayed under the bound
    expect(await untilNoSandboxedProcesses(2000)).toBe(0)
  })

  it('still runs a program that holds two million integers in a list and a dict under the default limits', async () => {
    const program = 'n = 2 * 10**6\nxs = list(range(n))\nseen = {x: x & 7 for x in xs}\nprint(sum(xs) + sum(seen.values()))'
    const r = await runSandboxed({ command: [SANDBOX_PYTHON, '-c', program], wallTimeoutMs: 20_000, maxStdoutBytes: 100 })
    expect(r.stderr).toBe('')
    expect(r.stdout.trim()).toBe(String((2e6 * (2e6 - 1)) / 2 + 3.5 * 2e6))
  })
})
