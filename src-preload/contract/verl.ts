// Runs from elsewhere are runs (../shared/docs/architecture.md): a run trained by verl on a cluster — imported from
// the files verl wrote, or submitted to a Ray cluster by the workbench — is a run folder like any other, read-only,
// with this config. It is declared once here and is the third member of RunConfig (schemas.ts).
import { z } from 'zod'
import { Algorithm } from './rl-config'
import { Seed } from './primitives'

const path = z.string().min(1).max(4096)

/**
 * Where an imported run's data come from: verl's file logger (`VERL_FILE_LOGGER_PATH`, one JSON line per step), its
 * Hydra config and its rollout dumps (`trainer.rollout_data_dir`, `<step>.jsonl`), as absolute paths on this
 * machine (a folder synced from the cluster, e.g. with rsync or sshfs). `follow`: the host keeps reading the
 * metrics file as it grows, and the run shows live like a local one.
 */
export const VerlFilesSource = z.object({
  kind: z.literal('files'),
  metricsFile: path,
  configFile: path.nullable(),
  rolloutDir: path.nullable(),
  follow: z.boolean(),
})
export type VerlFilesSource = z.infer<typeof VerlFilesSource>

/** A Ray head's dashboard address, http(s)://host:port with nothing after it (the Jobs REST API lives under /api). */
export const RayAddress = z
  .string()
  .max(2048)
  .regex(/^https?:\/\/[^/\s?#]+\/?$/, 'must be http://HOST:PORT (the Ray dashboard, 8265 by default)')

/**
 * A job the workbench submitted through Ray's Jobs REST API: followed through the job's status and log stream,
 * whose `step:N - name:value …` console lines become the run's metrics. Stop stops the job.
 */
export const VerlRaySource = z.object({
  kind: z.literal('ray'),
  address: RayAddress,
  /** The job's submission_id (chosen by the workbench, so a restarted host finds the job again). */
  submissionId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'must be a path-safe submission id'),
  /** The export folder that was shipped as the job's working_dir, and the script the job runs in it. */
  exportDir: path,
  script: z.string().regex(/^[A-Za-z0-9._-]+\.sh$/, 'must be a script name in the export folder'),
})
export type VerlRaySource = z.infer<typeof VerlRaySource>

export const VerlSource = z.discriminatedUnion('kind', [VerlFilesSource, VerlRaySource])
export type VerlSource = z.infer<typeof VerlSource>

export const VerlRunConfig = z.object({
  kind: z.literal('verl'),
  source: VerlSource,
  /**
   * The workbench algorithm these verl settings run (the PRIME recipe: prime; verl's main_ppo with
   * adv_estimator rloo / grpo / reinforce_plus_plus: rloo / grpo / reinforce), so Compare pairs it like a local run;
   * null when they match none.
   */
  algorithm: Algorithm.nullable(),
  /** verl's `data.seed` (the order of the training data), null where the config does not set it. */
  seed: Seed.nullable(),
  /** Training steps verl will run, where the config says (`trainer.total_training_steps`); else null. */
  totalSteps: z.number().int().min(1).nullable(),
  /** verl's Hydra config as it wrote it (`.hydra/config.yaml`), for the settings table and config diff; null without one. */
  hydra: z.record(z.string(), z.unknown()).nullable(),
})
export type VerlRunConfig = z.infer<typeof VerlRunConfig>

/** runs.importVerl: a verl experiment folder, or its metrics file, and where the rest lies when not found in it. */
export const VerlImportRequest = z
  .object({
    name: z.string().min(1).max(200),
    /** A folder holding verl's files (searched for them), or the file logger's JSONL itself. */
    path,
    configFile: path.optional(),
    rolloutDir: path.optional(),
    follow: z.boolean().default(false),
  })
  .strict()

/** runs.exportVerl: runs (one script each), or one run with the others of its comparison. */
export const VerlExportRequest = z
  .object({
    runIds: z.array(z.string().min(1)).min(1).max(64),
    /** Also export every run equal to the first apart from algorithm and seed (its comparison). */
    withComparison: z.boolean().default(false),
    /** Where to write; default `<workspace>/exports/verl-<time>/`. Must not exist yet. */
    out: path.optional(),
    /** The model verl starts from (a Hugging Face id or a path on the cluster); default: see the export's README. */
    model: z.string().min(1).max(4096).optional(),
  })
  .strict()

/** What an export wrote, and each setting it could not carry over. */
export const VerlExportResult = z.object({
  dir: z.string(),
  scripts: z.array(z.object({ file: z.string(), runName: z.string(), algorithm: Algorithm, seed: Seed, entryPoint: z.string() })),
  trainRows: z.number().int(),
  validationRows: z.number().int(),
  unmapped: z.array(z.object({ setting: z.string(), why: z.string() })),
})
export type VerlExportResult = z.infer<typeof VerlExportResult>

/** runs.submitVerl: an export folder, submitted to a Ray cluster as one job per script. */
export const VerlSubmitRequest = z
  .object({
    exportDir: path,
    address: RayAddress,
    /** Only these scripts of the export (default: all). */
    scripts: z.array(z.string().min(1)).max(256).optional(),
  })
  .strict()
