// Submits an export folder (export/export-verl.ts) to a Ray cluster: checks the address is a Ray dashboard, ships
// the folder once as the jobs' working_dir, and submits one job per launch script (`bash <script>`), each with a
// submission id the workbench chose, so a host that restarts finds its jobs again. Returns each job's run config;
// the host records them as runs and follows them (src-main/trainer/jobs/verl-follow.ts).
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { VerlRunConfig } from '../../../src-preload/contract/verl'
import { MANIFEST_FILE, MANIFEST_FORMAT, type Manifest } from '../export/export-verl'
import { RayJobsClient } from './jobs-client'
import { packWorkingDir } from './working-dir'

export interface SubmittedJob {
  runName: string
  config: VerlRunConfig
}

export function readManifest(exportDir: string): Manifest {
  const path = join(exportDir, MANIFEST_FILE)
  if (!existsSync(path)) throw new Error(`${exportDir}: not a verl export (no ${MANIFEST_FILE}); make one with prime-workbench export-verl`)
  let manifest: Manifest
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8')) as Manifest
  } catch (error) {
    throw new Error(`${path}: not valid JSON (${(error as Error).message})`, { cause: error })
  }
  if (manifest.format !== MANIFEST_FORMAT || !Array.isArray(manifest.scripts)) throw new Error(`${path}: not a ${MANIFEST_FORMAT} manifest`)
  return manifest
}

/** The settings a script passes, nested like verl's config, for the run's settings table. */
function nested(overrides: Record<string, string>): Record<string, unknown> {
  const root: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(overrides)) {
    const parts = key.split('.')
    let node = root
    for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>
    node[parts.at(-1) as string] = value
  }
  return root
}

/**
 * `onSubmitted` hears of each job as soon as the cluster has it, so a failure half-way (the cluster refuses the third
 * job) still leaves the first two recorded.
 */
export async function submitExport(exportDir: string, address: string, only: readonly string[] | undefined, onSubmitted: (job: SubmittedJob) => void): Promise<SubmittedJob[]> {
  const dir = resolve(exportDir)
  const manifest = readManifest(dir)
  const scripts = only ? manifest.scripts.filter((s) => only.includes(s.file)) : manifest.scripts
  const missing = only?.filter((name) => !manifest.scripts.some((s) => s.file === name)) ?? []
  if (missing.length) throw new Error(`${dir}: no script ${missing.join(', ')} (it has ${manifest.scripts.map((s) => s.file).join(', ')})`)
  const client = new RayJobsClient(address)
  const rayVersion = await client.version()
  const pkg = packWorkingDir(dir)
  const workingDir = await client.uploadPackage(pkg.name, pkg.zip)
  const jobs: SubmittedJob[] = []
  for (const script of scripts) {
    const submissionId = `prime-workbench-${script.file.replace(/\.sh$/, '').replace(/_/g, '-')}-${randomBytes(4).toString('hex')}`
    await client.submit({
      entrypoint: `bash ${script.file}`,
      submissionId,
      runtimeEnv: { working_dir: workingDir },
      metadata: { 'prime-workbench.run': script.runName, 'prime-workbench.ray': rayVersion },
    })
    const job: SubmittedJob = {
      runName: `${script.runName} · Ray`,
      config: {
        kind: 'verl',
        source: { kind: 'ray', address: client.address, submissionId, exportDir: dir, script: script.file },
        algorithm: script.algorithm,
        seed: script.seed,
        totalSteps: script.totalSteps,
        hydra: nested(script.overrides),
      },
    }
    jobs.push(job)
    onSubmitted(job)
  }
  return jobs
}
