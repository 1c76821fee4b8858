// Dataset commands: `import FILE` and `datasets ls|show`. They do what the Datasets view does, through the same host
// service and API (so a dataset prepared here opens in the app): a preview first — detected format, the mapping,
// the verifier and why, the first rows and any problems — then the import, with a progress bar on a terminal.
// A file in no known shape is not imported with a guessed mapping: the error lists its fields and proposes the
// --map options to re-run with.
import type { DatasetSummary, ImportPreview } from '../../../src-preload/contract/schemas'
import { MAPPING_KEYS, type FieldMapping, type SplitPlan } from '../../tasks/import/types'
import { formatDuration } from '../../../src-preload/analysis'
import { formatTable } from '../format'
import { progressReporter } from '../progress'
import { call, openHost, type CliContext } from './runs'

export interface ImportArgs {
  file: string
  name?: string
  format?: string
  /** `key=field` pairs (--map). */
  map: string[]
  verifier?: string
  /** `validation=0.1,test=0,seed=0` (--split). */
  split?: string
  skipBadRows: boolean
}

/** --map prompt=question --map answer=answer → a field mapping; errors name the option. */
export function parseMapping(pairs: readonly string[]): FieldMapping | undefined {
  if (pairs.length === 0) return undefined
  const mapping: Record<string, string> = {}
  for (const pair of pairs) {
    const eq = pair.indexOf('=')
    const key = pair.slice(0, eq)
    const field = pair.slice(eq + 1)
    if (eq <= 0 || field === '') throw new Error(`--map ${pair}: expected key=field, e.g. --map prompt=question`)
    if (!(MAPPING_KEYS as readonly string[]).includes(key)) throw new Error(`--map ${pair}: unknown key "${key}" (known: ${MAPPING_KEYS.join(', ')})`)
    if (Object.hasOwn(mapping, key)) throw new Error(`--map ${pair}: "${key}" is mapped twice`)
    mapping[key] = field
  }
  return mapping as unknown as FieldMapping
}

/** --split validation=0.1,test=0.05,seed=3 → a seeded split plan (missing parts are 0). */
export function parseSplit(text: string | undefined): SplitPlan | undefined {
  if (text === undefined) return undefined
  const plan: SplitPlan = { validation: 0, test: 0, seed: 0 }
  for (const part of text.split(',')) {
    const [key, value, ...rest] = part.split('=')
    const number = Number(value)
    if (rest.length > 0 || value === undefined || value.trim() === '' || !Number.isFinite(number)) throw new Error(`--split ${text}: expected validation=F,test=F,seed=N, got "${part}"`)
    if (key !== 'validation' && key !== 'test' && key !== 'seed') throw new Error(`--split ${text}: unknown part "${key}" (known: validation, test, seed)`)
    plan[key] = number
  }
  return plan
}

export async function importCommand(context: CliContext, args: ImportArgs): Promise<number> {
  const mapping = parseMapping(args.map)
  const splits = parseSplit(args.split)
  const host = openHost(context)
  const out = context.out
  try {
    const request = { path: args.file, format: args.format ?? 'auto', ...(mapping ? { mapping } : {}), ...(args.verifier ? { verifier: args.verifier } : {}) }
    const preview = await call<ImportPreview>(host, 'datasets.preview', request)
    if (preview.needsMapping !== null && !mapping) {
      const proposal = preview.mapping ? `\nre-run with: ${Object.entries(preview.mapping).map(([k, f]) => `--map ${k}=${f}`).join(' ')}` : ''
      throw new Error(`${args.file}: ${preview.needsMapping}${proposal}`)
    }
    out.write(describePreview(preview))
    const progress = progressReporter(out, 'importing')
    const started = Date.now()
    const unsubscribe = host.bus.subscribe(({ event }) => {
      if (event.type !== 'dataset.progress' || event.path !== args.file) return
      const seconds = (Date.now() - started) / 1000
      const eta = event.bytesRead > 0 ? (seconds * (event.totalBytes - event.bytesRead)) / event.bytesRead : null
      progress.update(event.bytesRead, event.totalBytes, eta, 'bytes')
    })
    let dataset: DatasetSummary
    try {
      dataset = await call<DatasetSummary>(host, 'datasets.import', {
        name: args.name ?? defaultName(args.file),
        path: args.file,
        format: args.format ?? 'auto',
        ...(mapping ? { mapping } : {}),
        ...(splits ? { splits } : {}),
        ...(args.verifier ? { verifier: args.verifier } : {}),
        ...(args.skipBadRows ? { skipBadRows: true } : {}),
      })
    } finally {
      unsubscribe()
    }
    progress.done(`imported ${dataset.rows.toLocaleString('en-US')} rows as ${dataset.id} in ${formatDuration((Date.now() - started) / 1000)}`)
    out.write(describeDataset(dataset))
    return 0
  } finally {
    host.dispose()
  }
}

export async function datasetsCommand(context: CliContext, action: string | undefined, id: string | undefined): Promise<number> {
  const host = openHost(context)
  try {
    if (action === 'ls' || action === undefined) {
      const datasets = await call<DatasetSummary[]>(host, 'datasets.list', {})
      if (datasets.length === 0) {
        context.out.write(`no datasets in ${context.workspaceDir} — import one with: prime-workbench import FILE\n`)
        return 0
      }
      const rows = datasets.map((d) => [d.id, d.name, d.rows, d.format, d.verifier ?? 'per row', d.skippedRows ?? 0, d.createdAt.slice(0, 19).replace('T', ' ')])
      context.out.write(`${formatTable(['id', 'name', 'rows', 'format', 'verifier', 'skipped', 'created'], rows)}\n`)
      return 0
    }
    if (action === 'show') {
      if (!id) throw new Error('datasets show: which dataset? (an id from `prime-workbench datasets ls`)')
      const dataset = (await call<DatasetSummary[]>(host, 'datasets.list', {})).find((d) => d.id === id)
      if (!dataset) throw new Error(`datasets show: no dataset with id ${id} in ${context.workspaceDir}`)
      context.out.write(describeDataset(dataset))
      return 0
    }
    throw new Error(`datasets ${action}: unknown action (known: ls, show ID)`)
  } finally {
    host.dispose()
  }
}

function defaultName(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file
  return base.replace(/\.(jsonl|ndjson|json|csv|parquet)$/i, '') || base
}

function describePreview(preview: ImportPreview): string {
  const lines = [`format: ${preview.format} (${preview.shape === 'mapped' ? 'through a field mapping' : `${preview.shape} records`} in ${preview.container})`]
  if (preview.mapping) lines.push(`mapping: ${Object.entries(preview.mapping).map(([k, f]) => `${k}=${f}`).join(' ')}`)
  lines.push(`verifier: ${preview.verifier ?? 'per row'} — ${preview.verifierReason}`)
  for (const problem of preview.problems.slice(0, 5)) lines.push(`problem at ${where(problem)}: ${problem.field ? `field ${problem.field}: ` : ''}${problem.reason}`)
  const first = preview.rows[0]
  if (first) lines.push(`first row: ${clip(String(first.prompt))} → ${clip(String(first.reference))}`)
  return `${lines.join('\n')}\n`
}

function describeDataset(d: DatasetSummary): string {
  const lines = [
    `${d.name} (${d.id})`,
    `rows: ${d.rows.toLocaleString('en-US')} (train ${d.splits.train}, validation ${d.splits.validation}, test ${d.splits.test}); ${d.duplicatesRemoved} duplicate prompts removed`,
    `format: ${d.format}; source: ${d.source}`,
    `verifier: ${d.verifier === undefined ? 'not recorded' : (d.verifier ?? 'per row')}${d.verifierReason ? ` — ${d.verifierReason}` : ''}`,
    `answer kinds: ${Object.entries(d.statistics.answerKinds).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(', ')}`,
  ]
  if (d.rowsWithStepLabels) lines.push(`rows with step labels: ${d.rowsWithStepLabels}`)
  if (d.skippedRows) {
    lines.push(`skipped bad rows: ${d.skippedRows}${d.skippedRows > (d.skipped?.length ?? 0) ? ` (first ${d.skipped?.length} listed)` : ''}`)
    for (const s of (d.skipped ?? []).slice(0, 20)) lines.push(`  ${where(s)}: ${s.field ? `field ${s.field}: ` : ''}${s.reason}`)
  }
  return `${lines.join('\n')}\n`
}

function where(location: { line?: number; row?: number }): string {
  return location.line !== undefined ? `line ${location.line}` : `row ${location.row ?? 0}`
}

function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ')
  return flat.length > 70 ? `${flat.slice(0, 69)}…` : flat
}
