// Exports runs (or a comparison: one script per arm and seed) as a verl launch folder:
//   data/train.parquet, data/validation.parquet   the prompts and references, verl's RL dataset (parquet.ts)
//   run_<algorithm>[_seed<N>].sh                 one launch script per run (launch-script.ts)
//   model/                                       the run's SFT checkpoint, where it has one and no --model was given
//   manifest.json                                what the scripts are, for `submit-verl` and for people
//   README.md                                    how to launch, follow and bring the results back
// The runs of one export share their data, so they must train on the same task. The folder is filled as a
// temporary sibling and renamed into place when complete.
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { learningKey, stableStringify } from '../../../src-preload/analysis'
import type { PromptFormat, RlConfig } from '../../../src-preload/contract/rl-config'
import type { VerlExportResult } from '../../../src-preload/contract/verl'
import { tempPath } from '../../storage/atomic-file'
import { RECIPE_COMMIT, VERL_COMMIT } from '../sources'
import { ExportError, exportRows, trainPromptsNeeded, type ExportRow } from './export-rows'
import { launchPlan, oversampleFactor } from './hydra-overrides'
import { launchScript } from './launch-script'
import { writeRlParquet } from './parquet'

export const MANIFEST_FILE = 'manifest.json'
export const MANIFEST_FORMAT = 'prime-workbench-verl-export'

export interface ExportRun {
  name: string
  config: RlConfig
  /** The run's SFT checkpoint folder (a Hugging Face folder), where it has one. */
  sftCheckpoint: string | null
}

export interface ExportOptions {
  out: string
  runs: readonly ExportRun[]
  datasetsDir: string
  /** A Hugging Face id or a path on the cluster to start from, instead of a copied checkpoint. */
  model?: string
  exportedBy: string
}

export interface ManifestScript {
  file: string
  runName: string
  algorithm: RlConfig['algorithm']
  seed: number
  entryPoint: string
  totalSteps: number
  overrides: Record<string, string>
}

export interface Manifest {
  format: typeof MANIFEST_FORMAT
  version: 1
  exportedBy: string
  verl: { commit: string; recipeCommit: string }
  data: { train: string; validation: string; trainRows: number; validationRows: number }
  scripts: ManifestScript[]
}

/** The runs `first` is compared with: equal apart from algorithm and seed (analysis/efficiency.ts pairs them so). */
export function comparisonOf<R extends { config: object }>(first: R, candidates: readonly R[]): R[] {
  const key = learningKey(first.config, ['algorithm'])
  return candidates.filter((run) => learningKey(run.config, ['algorithm']) === key)
}

/**
 * A chat template that renders a plain prompt template exactly (BOS, then the template with the question in it):
 * verl always applies the tokenizer's chat template to the prompt messages.
 */
export function plainChatTemplate(format: Extract<PromptFormat, { kind: 'plain' }>): string {
  const [before, ...rest] = format.template.split('{question}')
  const literal = (text: string) => (text === '' ? '' : `{{ ${JSON.stringify(text)} }}`)
  const question = "{{ messages[-1]['content'] }}"
  return `{{ bos_token if bos_token else '' }}${literal(before ?? '')}${rest.map((after) => `${question}${literal(after)}`).join('')}`
}

function scriptName(run: ExportRun, comparison: boolean): string {
  return comparison ? `run_${run.config.algorithm}_seed${run.config.seed}.sh` : `run_${run.config.algorithm}.sh`
}

/** A checkpoint copied as the starting model; a plain-prompt run gets the chat template that renders its template. */
function copyModel(from: string, to: string, format: PromptFormat): void {
  cpSync(from, to, { recursive: true, filter: (source) => !['manifest.json', 'optimizer.safetensors'].includes(basename(source)) })
  if (format.kind !== 'plain') return
  const configPath = join(to, 'tokenizer_config.json')
  const tokenizerConfig = existsSync(configPath) ? (JSON.parse(readFileSync(configPath, 'utf8')) as Record<string, unknown>) : {}
  writeFileSync(configPath, `${JSON.stringify({ ...tokenizerConfig, chat_template: plainChatTemplate(format) }, null, 2)}\n`)
}

function promptFormat(config: RlConfig): PromptFormat {
  return config.task.kind === 'dataset' ? config.task.prompt : { kind: 'plain', template: '{question}\n', instruction: '' }
}

function longestPrompt(rows: readonly ExportRow[]): number {
  // Characters bound the tokens of the character-level preset models (plus BOS and the template's newline).
  return Math.max(1, ...rows.map((row) => row.prompt.reduce((n, m) => n + m.content.length, 0))) + 2
}

export async function exportVerl(options: ExportOptions): Promise<VerlExportResult> {
  const [first] = options.runs
  if (!first) throw new ExportError('runs', 'nothing to export')
  for (const run of options.runs) {
    if (stableStringify(run.config.task) !== stableStringify(first.config.task)) {
      throw new ExportError('task', `the runs of one export share their data: "${run.name}" trains on another task than "${first.name}"; export them separately`)
    }
  }
  const out = resolve(options.out)
  if (existsSync(out)) throw new ExportError('out', `${out} already exists; name a new folder`)
  const factors = options.runs.map((run) => oversampleFactor(run.config))
  const needed = Math.max(...options.runs.map((run, i) => trainPromptsNeeded(run.config, factors[i] as number)))
  const rows = await exportRows(first.config, options.datasetsDir, needed)
  const maxPromptTokens = longestPrompt([...rows.train, ...rows.validation])
  const comparison = options.runs.length > 1
  const names = options.runs.map((run) => scriptName(run, comparison))
  const repeated = names.find((name, i) => names.indexOf(name) !== i)
  if (repeated) throw new ExportError('runs', `two runs would both be ${repeated} (same algorithm and seed); export them separately`)

  const staging = tempPath(out)
  try {
    mkdirSync(join(staging, 'data'), { recursive: true })
    writeRlParquet(join(staging, 'data', 'train.parquet'), rows.train)
    writeRlParquet(join(staging, 'data', 'validation.parquet'), rows.validation)
    const models = new Map<string, string>()
    const unmapped: VerlExportResult['unmapped'] = []
    const scripts: ManifestScript[] = options.runs.map((run, i) => {
      const file = names[i] as string
      let defaultModel: string | null = options.model ?? null
      if (defaultModel === null && run.sftCheckpoint) {
        let folder = models.get(run.sftCheckpoint)
        if (!folder) {
          folder = models.size === 0 ? 'model' : `model-${models.size + 1}`
          copyModel(run.sftCheckpoint, join(staging, folder), promptFormat(run.config))
          models.set(run.sftCheckpoint, folder)
        }
        defaultModel = `$EXPORT_DIR/${folder}`
      }
      if (defaultModel === null && run.config.model.kind === 'checkpoint') defaultModel = run.config.model.path
      const outputName = file.replace(/\.sh$/, '').replace(/^run_/, '')
      const plan = launchPlan(run.config, {
        trainFile: '$EXPORT_DIR/data/train.parquet',
        validationFile: '$EXPORT_DIR/data/validation.parquet',
        outDir: '$OUT_DIR',
        modelPath: '$MODEL_PATH',
        experimentName: outputName,
        maxPromptTokens,
        trainRows: rows.train.length,
        oversampleFactor: factors[i] as number,
      })
      writeFileSync(join(staging, file), launchScript(plan, { runName: run.name, defaultModel, outputName, exportedBy: options.exportedBy }), { mode: 0o755 })
      for (const u of plan.unmapped) if (!unmapped.some((known) => known.setting === u.setting && known.why === u.why)) unmapped.push(u)
      return {
        file,
        runName: run.name,
        algorithm: run.config.algorithm,
        seed: run.config.seed,
        entryPoint: plan.entryPoint,
        totalSteps: run.config.iterations,
        overrides: Object.fromEntries(plan.overrides.map((o) => [o.key, o.value])),
      }
    })
    const manifest: Manifest = {
      format: MANIFEST_FORMAT,
      version: 1,
      exportedBy: options.exportedBy,
      verl: { commit: VERL_COMMIT, recipeCommit: RECIPE_COMMIT },
      data: { train: 'data/train.parquet', validation: 'data/validation.parquet', trainRows: rows.train.length, validationRows: rows.validation.length },
      scripts,
    }
    writeFileSync(join(staging, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`)
    writeFileSync(join(staging, 'README.md'), exportReadme(manifest))
    renameSync(staging, out)
    return {
      dir: out,
      scripts: scripts.map(({ file, runName, algorithm, seed, entryPoint }) => ({ file, runName, algorithm, seed, entryPoint })),
      trainRows: rows.train.length,
      validationRows: rows.validation.length,
      unmapped,
    }
  } catch (error) {
    rmSync(staging, { recursive: true, force: true })
    throw error
  }
}

function exportReadme(manifest: Manifest): string {
  return [
    '# A verl launch exported by PRIME Workbench',
    '',
    `verl-project/verl @ ${manifest.verl.commit}, verl-recipe @ ${manifest.verl.recipeCommit} (prime/REQUIRED_VERL.txt pins the verl commit the recipe needs).`,
    `Data: ${manifest.data.trainRows} training and ${manifest.data.validationRows} validation prompts (data/*.parquet).`,
    '',
    '## Launch',
    '- By hand, on a node with verl: `VERL_DIR=~/verl bash run_….sh` (MODEL_PATH, N_GPUS, NNODES, OUT_DIR as needed).',
    '- On a Ray cluster from the workbench: `prime-workbench submit-verl <this folder> --address http://HEAD:8265`, or the',
    '  run\'s "Run on Ray cluster" action; the folder is shipped as the job\'s working_dir and followed live.',
    '',
    '## Bring the results back',
    'Each script writes to outputs/<run>/: metrics.jsonl, rollouts/, validation/, checkpoints/ and .hydra/. Sync that folder',
    'to your machine (rsync or sshfs) and import it: `prime-workbench import-verl outputs/<run> --follow` follows it as it grows.',
    '',
    '## Scripts',
    ...manifest.scripts.map((s) => `- \`${s.file}\`: ${s.runName} (${s.algorithm}, seed ${s.seed}; python3 -m ${s.entryPoint})`),
    '',
  ].join('\n')
}
