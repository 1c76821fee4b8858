// Where the host keeps its files: one workspace folder holding runs/, datasets/ and settings.json.
import { mkdirSync } from 'node:fs'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'

export interface Workspace {
  root: string
  runsDir: string
  datasetsDir: string
  exportsDir: string
  settingsFile: string
}

/** `PRIME_WORKBENCH_HOME` overrides the default `~/.prime-workbench` (tests use a temporary folder). */
export function defaultWorkspaceDir(): string {
  return resolve(process.env.PRIME_WORKBENCH_HOME ?? join(homedir(), '.prime-workbench'))
}

export function openWorkspace(root: string): Workspace {
  const workspace = {
    root,
    runsDir: join(root, 'runs'),
    datasetsDir: join(root, 'datasets'),
    exportsDir: join(root, 'exports'),
    settingsFile: join(root, 'settings.json'),
  }
  for (const dir of [workspace.runsDir, workspace.datasetsDir, workspace.exportsDir]) mkdirSync(dir, { recursive: true })
  return workspace
}

/** A sortable, path-safe identifier: creation time plus a random suffix. */
export function newId(prefix: string): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..+/, '')
  return `${prefix}-${stamp}-${Math.random().toString(36).slice(2, 8)}`
}
