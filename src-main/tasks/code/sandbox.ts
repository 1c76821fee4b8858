// Runs one untrusted command inside a bubblewrap (bwrap) sandbox, and says whether such a sandbox can run here.
// What the sandbox isolates and what it does not is in README.md; the short version:
//   - namespaces: new user, PID, network (only a loopback of its own), IPC, UTS and cgroup namespaces; no nested
//     user namespaces (--disable-userns); a new session (no TIOCSTI into a terminal);
//   - filesystem: /usr (and the /bin, /lib, /lib64 links or dirs) read-only, a fresh /proc and minimal /dev, small
//     private tmpfs at /tmp and /dev/shm, everything else absent; the root itself is remounted read-only;
//   - identity: when this process is root the sandbox is started as uid/gid 65534 ("nobody"), because the kernel
//     never applies RLIMIT_NPROC to root: a fork bomb is contained only by an unprivileged uid;
//   - limits (prlimit, hard = soft, inside the sandbox): address space, processes, CPU seconds, file size, open
//     files, no core dumps; a wall-clock timer here kills bwrap's whole process group, and bwrap's
//     --die-with-parent takes the PID namespace (every process in it) down with it;
//   - memory of the whole sandbox: at most sandboxMemoryBound(limits) = address space × processes + the two tmpfs
//     (no cgroup: see README.md), refused above MAX_SANDBOX_MEMORY_BYTES;
//   - output: stdout is capped here (the sandbox is killed when it exceeds the cap), stderr kept to 64 KiB.
// Nothing here ever runs a command without the sandbox: when bwrap is missing or cannot create its namespaces,
// runSandboxed throws SandboxUnavailableError.

import { spawn } from 'node:child_process'
import { accessSync, constants, lstatSync, readlinkSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import type { Readable, Writable } from 'node:stream'
import { StringDecoder } from 'node:string_decoder'

export interface SandboxLimits {
  /** RLIMIT_AS of every process, bytes. A program that forks may use up to maxProcesses times this (sandboxMemoryBound). */
  memoryBytes: number
  /** RLIMIT_NPROC: processes and threads of the sandbox's uid in its user namespace (bwrap's init counts). */
  maxProcesses: number
  /** RLIMIT_CPU of every process, seconds: a backstop; the wall-clock timeout is the real limit. */
  cpuSeconds: number
  /** RLIMIT_FSIZE, bytes: the largest file a process may write (tmpfs sizes bound the total). */
  fileSizeBytes: number
  /** RLIMIT_NOFILE. */
  openFiles: number
  /** Size of each private tmpfs (/tmp and /dev/shm), bytes. */
  tmpBytes: number
}

/**
 * 256 MiB of address space per process (CPython with the harness's imports maps about 20 MiB) and 4 processes
 * (bwrap's init, the harness, the test's process and one more for the program): a sandbox holds at most
 * 1 GiB + 32 MiB (sandboxMemoryBound).
 */
export const DEFAULT_SANDBOX_LIMITS: Readonly<SandboxLimits> = {
  memoryBytes: 256 * 2 ** 20,
  maxProcesses: 4,
  cpuSeconds: 60,
  fileSizeBytes: 16 * 2 ** 20,
  openFiles: 64,
  tmpBytes: 16 * 2 ** 20,
}

/** Most memory limits may let one sandbox hold (sandboxMemoryBound); runSandboxed refuses more. */
export const MAX_SANDBOX_MEMORY_BYTES = 4 * 2 ** 30

/**
 * The most memory one sandbox can hold, all its processes together: RLIMIT_AS bounds each process's address space
 * (everything it can touch), RLIMIT_NPROC bounds how many processes (and threads) there are, and the two tmpfs
 * mounts (/tmp, /dev/shm) hold at most tmpBytes each. RLIMIT_AS alone is per process: before this bound existed,
 * two sandboxes of 8 × 512 MiB reached 5.5 GiB across 18 processes.
 */
export function sandboxMemoryBound(limits: Pick<SandboxLimits, 'memoryBytes' | 'maxProcesses' | 'tmpBytes'>): number {
  return limits.memoryBytes * limits.maxProcesses + 2 * limits.tmpBytes
}

/** A read-only file placed in the sandbox (handed to bwrap through a pipe: no temporary file on the host). */
export interface SandboxFile {
  path: string
  data: string
}

export interface SandboxRequest {
  /** Program and arguments inside the sandbox; the program by absolute path (PATH is /usr/bin:/bin). */
  command: string[]
  files?: SandboxFile[]
  stdin?: string
  limits?: Partial<SandboxLimits>
  /** Wall-clock limit of the whole run, milliseconds. */
  wallTimeoutMs: number
  /** Bytes of stdout allowed; the sandbox is killed when it prints more. */
  maxStdoutBytes: number
  /**
   * Called with each complete stdout line as it arrives; return true to stop the sandbox there. With a line
   * handler, stdout is handed over line by line and not also kept in the result.
   */
  onStdoutLine?: (line: string) => boolean
}

export interface SandboxResult {
  /** What the command printed (up to maxStdoutBytes); empty when onStdoutLine consumed it. */
  stdout: string
  stderr: string
  exitCode: number | null
  signal: NodeJS.Signals | null
  /** exit: the command ended by itself; the others: the sandbox was killed for that reason. */
  ended: 'exit' | 'timeout' | 'output_limit' | 'stopped'
  ms: number
}

export interface SandboxStatus {
  available: boolean
  reason?: string
}

export class SandboxUnavailableError extends Error {
  constructor(reason: string) {
    super(
      `refusing to run untrusted code without a sandbox: ${reason}. ` +
        'The code verifier needs Linux with bubblewrap ≥ 0.8 (Debian/Ubuntu: `apt-get install -y bubblewrap`), ' +
        'unprivileged user namespaces enabled (sysctl user.max_user_namespaces > 0; on Debian ' +
        'kernel.unprivileged_userns_clone = 1), and /usr/bin/python3 and /usr/bin/prlimit (util-linux).',
    )
    this.name = 'SandboxUnavailableError'
  }
}

export const SANDBOX_PYTHON = '/usr/bin/python3'
const PRLIMIT = '/usr/bin/prlimit'
/** The unprivileged identity a root caller drops to (nobody/nogroup on Debian). */
const SANDBOX_ID = 65534
const STDERR_CAP = 64 * 1024
/** After killing the sandbox's init, when to kill bwrap's process group too if bwrap has not exited. */
const GROUP_KILL_DELAY_MS = 200
/** After the kill, how long to wait for the pipes to close before giving up on them. */
const KILL_GRACE_MS = 1000

function findOnPath(name: string): string | null {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/usr/local/bin', '/bin']
  for (const dir of dirs) {
    if (!dir) continue
    const candidate = join(dir, name)
    try {
      accessSync(candidate, constants.X_OK)
      return candidate
    } catch {
      // not here
    }
  }
  return null
}

/** /bin, /lib, /lib64: symlinks into /usr on merged-/usr systems (recreated as links), directories elsewhere. */
function rootLinksAndDirs(): string[] {
  const args: string[] = []
  for (const path of ['/bin', '/lib', '/lib64']) {
    let stat
    try {
      stat = lstatSync(path)
    } catch {
      continue
    }
    if (stat.isSymbolicLink()) args.push('--symlink', readlinkSync(path), path)
    else if (stat.isDirectory()) args.push('--ro-bind', path, path)
  }
  return args
}

/**
 * The full argv after `bwrap`: sandbox set-up, then prlimit, then the command. files[i]'s contents must arrive
 * on fd 3 + i of bwrap; bwrap writes its info JSON (with the sandbox's "child-pid") to the fd after those.
 */
export function bwrapArgs(command: readonly string[], limits: SandboxLimits, files: readonly SandboxFile[] = []): string[] {
  const int = (n: number) => String(Math.max(0, Math.floor(n)))
  return [
    '--info-fd', String(3 + files.length),
    '--unshare-all',
    '--unshare-user',
    '--uid', String(SANDBOX_ID),
    '--gid', String(SANDBOX_ID),
    '--disable-userns',
    '--die-with-parent',
    '--new-session',
    '--cap-drop', 'ALL',
    '--hostname', 'sandbox',
    '--ro-bind', '/usr', '/usr',
    ...rootLinksAndDirs(),
    '--proc', '/proc',
    '--dev', '/dev',
    '--size', int(limits.tmpBytes), '--tmpfs', '/tmp',
    '--size', int(limits.tmpBytes), '--tmpfs', '/dev/shm',
    ...files.flatMap((f, i) => ['--ro-bind-data', String(3 + i), f.path]),
    '--remount-ro', '/dev',
    '--remount-ro', '/',
    '--chdir', '/tmp',
    '--clearenv',
    '--setenv', 'PATH', '/usr/bin:/bin',
    '--setenv', 'HOME', '/tmp',
    '--setenv', 'LANG', 'C.UTF-8',
    '--setenv', 'OPENBLAS_NUM_THREADS', '1',
    '--setenv', 'OMP_NUM_THREADS', '1',
    '--',
    PRLIMIT,
    `--as=${int(limits.memoryBytes)}`,
    `--nproc=${int(limits.maxProcesses)}`,
    `--cpu=${int(Math.ceil(limits.cpuSeconds))}`,
    `--fsize=${int(limits.fileSizeBytes)}`,
    `--nofile=${int(limits.openFiles)}`,
    '--core=0',
    '--',
    ...command,
  ]
}

/** Starts bwrap as given, with no availability check: callers go through runSandboxed or the probe. */
function runBwrap(bwrap: string, req: SandboxRequest): Promise<SandboxResult> {
  const limits = { ...DEFAULT_SANDBOX_LIMITS, ...req.limits }
  const files = req.files ?? []
  const asRoot = process.getuid?.() === 0
  const start = performance.now()
  return new Promise((resolve, reject) => {
    const child = spawn(bwrap, bwrapArgs(req.command, limits, files), {
      // detached: bwrap leads a new process group, so the timer below can kill the group as a whole
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe', ...files.map(() => 'pipe' as const), 'pipe'],
      env: { PATH: '/usr/bin:/bin' },
      cwd: '/',
      ...(asRoot ? { uid: SANDBOX_ID, gid: SANDBOX_ID } : {}),
    })
    let ended: SandboxResult['ended'] = 'exit'
    const stdout: Buffer[] = []
    let stdoutBytes = 0
    let stderr = ''
    const partialLine: string[] = [] // pieces of the line not yet ended, joined once its newline arrives
    const decoder = new StringDecoder('utf8')
    let groupTimer: NodeJS.Timeout | undefined
    let graceTimer: NodeJS.Timeout | undefined
    let info = ''
    let sandboxInit: number | undefined
    ;(child.stdio[3 + files.length] as Readable).on('data', (chunk: Buffer) => {
      info += chunk.toString('utf8')
      const pid = /"child-pid"\s*:\s*(\d+)/.exec(info)?.[1]
      if (pid !== undefined) sandboxInit = Number(pid)
    })

    const killGroup = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL')
      } catch {
        // already gone
      }
    }
    // Kill the sandbox's init (PID 1 of its namespace) first: the kernel then kills every process in the namespace
    // before init's exit completes, and bwrap, which is init's parent, reaps it and exits. Killing bwrap first also
    // works (--die-with-parent) but leaves init an orphan zombie until the host's PID 1 reaps it. Init's PID stays
    // taken until bwrap reaps it, and bwrap exits right after reaping, so the PID could only have been reused if the
    // kernel's PID counter wrapped around in the moment before Node saw bwrap's exit. bwrap's group follows shortly.
    const kill = (why: Exclude<SandboxResult['ended'], 'exit'>) => {
      if (ended !== 'exit') return
      ended = why
      if (sandboxInit !== undefined && child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(sandboxInit, 'SIGKILL')
        } catch {
          // already gone
        }
        groupTimer = setTimeout(killGroup, GROUP_KILL_DELAY_MS)
      } else killGroup()
      // Never wait on the pipes forever (they close when the namespace is gone).
      graceTimer = setTimeout(() => {
        for (const s of child.stdio) s?.destroy()
      }, KILL_GRACE_MS)
    }
    const wallTimer = setTimeout(() => kill('timeout'), req.wallTimeoutMs)

    const ignore = () => {}
    child.stdin?.on('error', ignore) // EPIPE when the command exits without reading everything
    child.stdin?.end(req.stdin ?? '')
    files.forEach((f, i) => {
      const s = child.stdio[3 + i] as Writable
      s.on('error', ignore)
      s.end(f.data)
    })

    child.stdout?.on('data', (chunk: Buffer) => {
      if (ended !== 'exit') return
      const room = req.maxStdoutBytes - stdoutBytes
      if (chunk.length > room) {
        if (!req.onStdoutLine) stdout.push(chunk.subarray(0, Math.max(0, room)))
        stdoutBytes = req.maxStdoutBytes
        kill('output_limit')
        return
      }
      stdoutBytes += chunk.length
      if (!req.onStdoutLine) stdout.push(chunk)
      else {
        const text = decoder.write(chunk)
        let from = 0
        for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
          partialLine.push(text.slice(from, nl))
          const line = partialLine.join('')
          partialLine.length = 0
          from = nl + 1
          if (req.onStdoutLine(line)) {
            kill('stopped')
            return
          }
        }
        if (from < text.length) partialLine.push(text.slice(from))
      }
    })
    child.stderr?.on('data', (chunk: Buffer) => {
      if (stderr.length < STDERR_CAP) stderr += chunk.toString('utf8').slice(0, STDERR_CAP - stderr.length)
    })
    child.on('error', (e) => {
      clearTimeout(wallTimer)
      clearTimeout(groupTimer)
      clearTimeout(graceTimer)
      reject(new Error(`could not start bwrap (${bwrap}): ${e.message}`))
    })
    child.on('close', (exitCode, signal) => {
      clearTimeout(wallTimer)
      clearTimeout(groupTimer)
      clearTimeout(graceTimer)
      resolve({
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr,
        exitCode,
        signal,
        ended,
        ms: performance.now() - start,
      })
    })
  })
}

let cached: { bwrap: string | null; status: Promise<SandboxStatus> } | undefined

async function probe(bwrap: string): Promise<SandboxStatus> {
  const needed = [
    [SANDBOX_PYTHON, 'apt-get install -y python3'],
    [PRLIMIT, 'apt-get install -y util-linux'],
  ] as const
  for (const [path, fix] of needed) {
    try {
      accessSync(path, constants.X_OK)
    } catch {
      return { available: false, reason: `${path} is missing (${fix})` }
    }
  }
  try {
    const r = await runBwrap(bwrap, {
      command: [SANDBOX_PYTHON, '-I', '-c', 'print("sandbox ok")'],
      wallTimeoutMs: 10_000,
      maxStdoutBytes: 1024,
    })
    if (r.ended === 'exit' && r.exitCode === 0 && r.stdout.trim() === 'sandbox ok') return { available: true }
    const why = r.ended === 'exit' ? `exit code ${r.exitCode}` : r.ended
    return { available: false, reason: `bwrap could not start a sandbox (${why}): ${r.stderr.trim() || 'no message'}` }
  } catch (e) {
    return { available: false, reason: e instanceof Error ? e.message : String(e) }
  }
}

/**
 * Can untrusted code be sandboxed here? Actually starts a sandbox with the exact flags runSandboxed uses and runs
 * python3 in it. The answer (and the bwrap it found) is cached for the process and used by runSandboxed; `refresh`
 * probes again (after installing bwrap, say); `bwrapPath` names the bwrap binary instead of searching PATH.
 */
export function sandboxStatus(options: { refresh?: boolean; bwrapPath?: string } = {}): Promise<SandboxStatus> {
  if (cached && !options.refresh && options.bwrapPath === undefined) return cached.status
  let status: Promise<SandboxStatus>
  let bwrap: string | null = null
  if (process.platform !== 'linux') {
    status = Promise.resolve({ available: false, reason: `the sandbox needs Linux, this is ${process.platform}` })
  } else {
    bwrap = options.bwrapPath ?? findOnPath('bwrap')
    status = bwrap ? probe(bwrap) : Promise.resolve({ available: false, reason: 'bwrap (bubblewrap) is not installed' })
  }
  cached = { bwrap, status }
  return status
}

/** Runs `req.command` in the sandbox; throws SandboxUnavailableError rather than ever running it without one. */
export async function runSandboxed(req: SandboxRequest): Promise<SandboxResult> {
  const bound = sandboxMemoryBound({ ...DEFAULT_SANDBOX_LIMITS, ...req.limits })
  if (bound > MAX_SANDBOX_MEMORY_BYTES) {
    const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`
    throw new RangeError(
      `sandbox limits allow ${mib(bound)} in all (memory per process × processes + 2 tmpfs), more than ${mib(MAX_SANDBOX_MEMORY_BYTES)}: lower the memory or process limit`,
    )
  }
  const status = await sandboxStatus()
  const bwrap = cached?.bwrap
  if (!status.available || !bwrap) throw new SandboxUnavailableError(status.reason ?? 'no sandbox')
  return runBwrap(bwrap, req)
}
