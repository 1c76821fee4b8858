// Naming runs on the command line: a run folder's path, or a run id inside the workspace.
import { existsSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'

export interface RunLocation {
  workspaceDir: string
  id: string
}

/** A run folder lives at <workspace>/runs/<id>; an id alone is looked up in `workspaceDir`. */
export function locateRun(arg: string, workspaceDir: string): RunLocation {
  const asPath = resolve(arg)
  if (existsSync(join(asPath, 'run.json'))) return { workspaceDir: dirname(dirname(asPath)), id: basename(asPath) }
  if (existsSync(join(workspaceDir, 'runs', arg, 'run.json'))) return { workspaceDir, id: arg }
  throw new Error(`${arg}: neither a run folder (with run.json) nor a run id in ${join(workspaceDir, 'runs')}`)
}
