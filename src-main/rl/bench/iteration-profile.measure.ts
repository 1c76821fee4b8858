// Measured by hand, not in npm test: one algorithm's RL iterations in this process (no host, no trainer fork) on a
// bench:rl workload, printing per iteration its phases and parts, the programs compiled and released during it, and
// resident memory at its end and at its peak; with --dump, the iteration metrics that are the learning result
// (timing/* left out) as JSON, so two builds can be diffed at a fixed seed and one thread. --memory-budget (GiB, or
// Infinity) and --arena set the Runtime's memory budget and ORT's CPU arena (src-main/engine/runtime/memory-budget.ts).
//   npx tsx src-main/rl/bench/iteration-profile.measure.ts --workload s256 --algorithm prime [--iterations 4]
//     [--threads 2] [--dump FILE] [--cache DIR] [--memory-budget GIB] [--arena on|off]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { memoryUsage } from 'node:process'
import { parseArgs } from 'node:util'
import type { Algorithm, RlConfig } from '../../../src-preload/contract/rl-config'
import { RL_WORKLOADS } from './workloads'
import { DEFAULT_ADAMW, Rng, Runtime, TrainState } from '../../engine'
import { LanguageModel } from '../../model/language-model'
import { runIteration, type RlModels } from '../loop/iteration'
import { openRunInputs } from '../loop/run-inputs'
import { sftWeights } from '../loop/sft'

const { values } = parseArgs({
  options: {
    workload: { type: 'string', default: 's256' },
    algorithm: { type: 'string', default: 'prime' },
    iterations: { type: 'string', default: '4' },
    threads: { type: 'string', default: '2' },
    dump: { type: 'string' },
    cache: { type: 'string', default: '/tmp/prime-measure-sft-cache' },
    'memory-budget': { type: 'string' },
    arena: { type: 'string', default: 'on' },
  },
})
const WORKLOADS: Record<string, RlConfig> = RL_WORKLOADS
const config: RlConfig = { ...WORKLOADS[values.workload]!, algorithm: values.algorithm as Algorithm }
mkdirSync(values.cache, { recursive: true })
const { model: spec, prompts, source } = await openRunInputs(config, { datasetsDir: join(values.cache, 'datasets') })
const budget = values['memory-budget']
const runtime = await Runtime.create({
  executionProvider: 'cpu',
  intraOpNumThreads: Number(values.threads),
  cpuMemArena: values.arena === 'on',
  ...(budget ? { memoryBudget: Number(budget) * 2 ** 30 } : {}),
})
console.log(`memory budget ${mb(runtime.options.memoryBudget)} MB, CPU arena ${values.arena}`)
const model = new LanguageModel(spec.config, runtime)
const sft = await sftWeights(config, values.cache, { model, tokenizer: spec.tokenizer, prompts, source, init: null }, async () => {})
const adamw = (weightDecay: number, maxGradNorm: number) => ({ ...DEFAULT_ADAMW, weightDecay, maxGradNorm })
const m: RlModels = {
  model,
  tokenizer: spec.tokenizer,
  prompts,
  stopTokens: spec.stopTokens,
  policy: new TrainState(sft.params.slice(), adamw(config.policy.weightDecay, config.policy.gradClip)),
  prm: config.algorithm === 'prime' ? new TrainState(sft.params.slice(), adamw(config.prm.weightDecay, config.prm.gradClip)) : null,
  reference: sft.params,
  yieldPoint: async () => {},
  clock: () => performance.now(),
}
const rng = new Rng(config.seed)
const dumped: Record<string, number>[] = []
resetPeakRss()
for (let i = 1; i <= Number(values.iterations); i++) {
  const before = new Set(runtime.cachedPrograms)
  const cpuAtStart = process.cpuUsage()
  const { metrics } = await runIteration(config, m, source, rng)
  const cpu = process.cpuUsage(cpuAtStart)
  const compiled = runtime.cachedPrograms.filter((p) => !before.has(p))
  const peak = peakRss()
  resetPeakRss()
  const t = (name: string) => (metrics[`timing/${name}`] ?? 0).toFixed(3)
  console.log(
    `it ${i}: total ${t('iteration')} (CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)}, sys ${(cpu.system / 1e6).toFixed(2)}) rollout ${t('rollout')} old ${t('policy/old_log_probs')} ref ${t('prm/reference')}/${t('diagnostics/reference')} ` +
      `prm-upd ${t('prm/update')} pol-upd ${t('policy/update')} diag ${t('diagnostics')} other ${t('other')} | len ${metrics['response_length/mean']!.toFixed(0)}/${metrics['response_length/max']} ` +
      `| rss ${mb(memoryUsage.rss())} MB, peak ${mb(peak)} MB | programs ${runtime.cachedPrograms.length}, open ${runtime.openPrograms.length}; ` +
      `opened ${metrics['perf/programs_opened']} (new: ${compiled.map((p) => p.split(':')[0] + '@' + p.split('@')[1]).join(' ')}), released ${metrics['perf/programs_released']}`,
  )
  dumped.push(Object.fromEntries(Object.entries(metrics).filter(([name]) => !name.startsWith('timing/') && !name.startsWith('perf/'))))
}
if (values.dump) writeFileSync(values.dump, JSON.stringify({ metrics: dumped, policy: hash(m.policy.params), prm: m.prm ? hash(m.prm.params) : null }, null, 1))
await source.close()
await runtime.dispose()

function mb(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(0)
}

/** The process's peak resident memory (VmHWM) since the last resetPeakRss(), in bytes. */
function peakRss(): number {
  return Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) * 1024
}

/** Starts a new peak: Linux sets VmHWM back to the current RSS when 5 is written to clear_refs. */
function resetPeakRss(): void {
  writeFileSync('/proc/self/clear_refs', '5')
}

/** A checksum of the final weights (bit-exact comparison without writing them out). */
function hash(values: Float32Array): string {
  let h = 0x811c9dc5
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength)
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 16777619) >>> 0
  return h.toString(16)
}
