// For tests: the live processes of the sandboxes this test process started, read from /proc. A sandbox's processes
// are the descendants of this process that run in another PID namespace (bwrap's init and below); counting only
// our own descendants keeps test files that run sandboxes at the same time from seeing each other's.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs'

interface ProcessEntry {
  pid: number
  ppid: number
  state: string
  rssBytes: number
}

const PAGE_BYTES = 4096

function processTable(): Map<number, ProcessEntry> {
  const table = new Map<number, ProcessEntry>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      // The command name (field 2) may hold spaces and parentheses: the fields after it start past the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      table.set(Number(entry), { pid: Number(entry), state: fields[0] ?? '', ppid: Number(fields[1]), rssBytes: Number(fields[21]) * PAGE_BYTES })
    } catch {
      // exited meanwhile
    }
  }
  return table
}

function descendsFrom(table: Map<number, ProcessEntry>, pid: number, ancestor: number): boolean {
  for (let p = table.get(pid)?.ppid; p !== undefined && p > 0; p = table.get(p)?.ppid) {
    if (p === ancestor) return true
  }
  return false
}

/**
 * Live processes of this process's sandboxes. Zombies are left out: they hold nothing but a PID, and bwrap's init
 * normally ends as one, reaped by the host's PID 1 whenever that gets to it.
 */
export function sandboxedProcesses(): ProcessEntry[] {
  const own = readlinkSync('/proc/self/ns/pid')
  const table = processTable()
  return [...table.values()].filter((p) => {
    if (p.state === 'Z' || !descendsFrom(table, p.pid, process.pid)) return false
    try {
      return readlinkSync(`/proc/${p.pid}/ns/pid`) !== own
    } catch {
      return false
    }
  })
}

export async function untilNoSandboxedProcesses(ms: number): Promise<number> {
  const end = Date.now() + ms
  let n = sandboxedProcesses().length
  while (n > 0 && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 20))
    n = sandboxedProcesses().length
  }
  return n
}
