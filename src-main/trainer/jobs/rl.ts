// An RL run (PRIME or a baseline) in the trainer process: the run's inputs (model, tokenizer, prompt format and
// problem source: a built-in task or a workspace dataset, ../../rl/loop/run-inputs.ts) → starting weights (SFT warm
// start, a checkpoint folder, or the last checkpoint when resuming) → iterations of ../../rl/loop/iteration.ts →
// metrics, sampled rollouts, validation and checkpoints in the run folder. A NaN or Inf stops the run before anything from that iteration is saved, so the
// last good checkpoint stays the latest.
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { cpuUsage, memoryUsage } from 'node:process'
import type { RlConfig } from '../../../src-preload/contract/rl-config'
import { runsSftWarmStart, usesPrm } from '../../../src-preload/contract/rl-config'
import { DEFAULT_ADAMW, Rng, Runtime, TrainState } from '../../engine'
import { LanguageModel } from '../../model/language-model'
import { readModelParams, restoreNewestIntact, saveCheckpoint, saveSft, sftDir, type LoopState } from '../../rl/loop/checkpoints'
import { geometryFor, runIteration, type RlModels } from '../../rl/loop/iteration'
import { rolloutRecords } from '../../rl/loop/rollout-records'
import { openRunInputs } from '../../rl/loop/run-inputs'
import { sftWeights } from '../../rl/loop/sft'
import { greedyAccuracy, heldOutPrmAccuracy } from '../../rl/loop/validation'
import { validateAgainstStepLabels } from '../../rl/loop/labelled-steps'
import type { Problem } from '../../rl/loop/problem-source'
import type { JobContext } from '../job-context'

/**
 * Test hook for the divergence path: PRIME_WORKBENCH_INJECT_NAN_AT=<iteration> writes a NaN into the policy's
 * weights just before that iteration, as a blown-up update would. Nothing else reads it.
 */
const INJECT_NAN_AT = Number(process.env.PRIME_WORKBENCH_INJECT_NAN_AT ?? 0)

/** Metrics whose non-finite value means training has diverged. */
const MUST_BE_FINITE = ['actor/pg_loss', 'actor/grad_norm', 'reward_model/loss', 'reward_model/grad_norm', 'critic/advantages/mean']

function diverged(what: string, iteration: number, lastCheckpoint: string | null): Error {
  return new Error(
    `${what} at iteration ${iteration}: training diverged, stopping. ` +
      (lastCheckpoint ? `The last good checkpoint is ${lastCheckpoint}.` : 'No checkpoint was written before it.'),
  )
}

function assertFinite(metrics: Record<string, number>, iteration: number, lastCheckpoint: string | null): void {
  for (const name of MUST_BE_FINITE) {
    const value = metrics[name]
    if (value !== undefined && !Number.isFinite(value)) throw diverged(`${name} is ${value}`, iteration, lastCheckpoint)
  }
}

/** Weights can turn non-finite in an update whose loss still looked fine; check them before they are used. */
function assertFiniteWeights(m: RlModels, iteration: number, lastCheckpoint: string | null): void {
  for (const [name, state] of [['policy', m.policy], ['PRM', m.prm]] as const) {
    if (state && !state.params.every(Number.isFinite)) throw diverged(`the ${name} weights hold NaN or Inf`, iteration, lastCheckpoint)
  }
}

/**
 * The trainer process's use of the machine over one iteration (validation included), as perf/* metrics:
 * - perf/rss_mb: resident memory at the iteration's end (MiB) — the model, optimizer state, ONNX Runtime's arenas;
 *   perf/peak_rss_mb is its highest value so far in this process.
 * - perf/cpu_percent: CPU time of every thread of the process (ONNX Runtime's intra-op pool and the verifier's
 *   worker threads included; the code sandbox's separate processes not) ÷ the iteration's wall time, in percent:
 *   100 is one core kept busy, up to 100 × cores. Paused time counts in neither, so a pause does not dilute it.
 */
function systemMetrics(cpu: NodeJS.CpuUsage, activeSeconds: number): Record<string, number> {
  const cpuSeconds = (cpu.user + cpu.system) / 1e6
  return {
    'perf/rss_mb': memoryUsage.rss() / 2 ** 20,
    'perf/cpu_percent': activeSeconds > 0 ? (100 * cpuSeconds) / activeSeconds : 0,
  }
}

export async function runRl(config: RlConfig, context: JobContext): Promise<void> {
  const runDir = context.files.dir
  const workspaceDir = dirname(dirname(runDir))
  const inputs = await openRunInputs(config, {
    datasetsDir: join(workspaceDir, 'datasets'),
    ...(context.verifierWorkerUrl ? { verifierWorkerUrl: context.verifierWorkerUrl } : {}),
  })
  const { model: spec, prompts, source } = inputs
  const tokenizer = spec.tokenizer
  context.log('info', `training on ${source.description} with ${spec.description}`)
  const runtime = await Runtime.create({ executionProvider: context.device, intraOpNumThreads: context.intraOpThreads, memoryBudget: context.memoryBudget })
  const budgetGiB = (runtime.options.memoryBudget / 2 ** 30).toFixed(1)
  context.log('info', `ONNX Runtime on ${runtime.provider.provider} (${runtime.provider.reason}), ${context.intraOpThreads} threads, idle sessions released above ${budgetGiB} GiB`)
  const model = new LanguageModel(spec.config, runtime)
  const prmEnabled = usesPrm(config.algorithm)
  try {
    // Starting weights: the run's own starting policy when resuming, else the SFT warm start (from fresh weights or
    // the checkpoint's, shared through the workspace cache), else the checkpoint as it is.
    const resuming = context.resumeFromCheckpoint
    let start: Float32Array | null = null
    if (resuming && existsSync(sftDir(runDir))) {
      try {
        start = await readModelParams(sftDir(runDir), model)
      } catch (error) {
        context.log('warn', `cannot use the run's starting policy (${(error as Error).message}); building it again`)
      }
    } else if (resuming) {
      // The first attempt stopped before its starting policy was saved: nothing of it can be kept.
      context.files.clearProgress()
    }
    if (!start) {
      const init = spec.weightsDir ? await readModelParams(spec.weightsDir, model) : null
      if (spec.weightsDir) context.log('info', `starting from ${spec.weightsDir}`)
      if (init && !runsSftWarmStart(config)) {
        start = init
      } else {
        const cacheRoot = join(workspaceDir, 'sft-cache')
        const sft = await sftWeights(config, cacheRoot, { model, tokenizer, prompts, source, init }, async (step, total, loss) => {
          if (step % 10 === 0 || step === total) {
            context.progress(0, config.iterations, `SFT warm start ${step}/${total}`)
            context.metrics(0, { 'sft/loss': loss, 'sft/step': step })
          }
          await context.checkpoint()
        })
        start = sft.params
        if (sft.damaged) context.log('warn', `the cached SFT weights were damaged (${sft.damaged}); trained them again`)
        context.log('info', sft.cached ? `SFT weights shared from ${sft.dir}` : `SFT warm start trained (${config.sft.steps} steps), cached in ${sft.dir}`)
      }
      await saveSft(runDir, model, tokenizer, start)
    }

    const adamw = (weightDecay: number, maxGradNorm: number) => ({ ...DEFAULT_ADAMW, weightDecay, maxGradNorm })
    const m: RlModels = {
      model,
      tokenizer,
      prompts,
      stopTokens: spec.stopTokens,
      policy: new TrainState(start.slice(), adamw(config.policy.weightDecay, config.policy.gradClip)),
      prm: prmEnabled ? new TrainState(start.slice(), adamw(config.prm.weightDecay, config.prm.gradClip)) : null,
      // Built-in tasks know every step's truth, and the reference's surprisal is a baseline of the step metrics.
      reference: start,
      yieldPoint: () => context.checkpoint(),
      clock: () => context.activeMs(),
    }

    if (config.task.kind === 'builtin') {
      const { validationSize, testSize } = config.task
      for (const [split, problems, asked] of [['validation', source.validation, validationSize], ['test', source.test, testSize]] as const) {
        if (problems.length < asked) context.log('info', `${source.description} holds ${problems.length} ${split} prompts; using all of them (asked for ${asked})`)
      }
    }
    /**
     * Held-out evaluation as metrics: greedy accuracy with its standard error; on validation also the PRM's ranking of
     * held-out responses and, where the rows carry human step labels, the PRM against those labels.
     */
    const evaluate = async (split: 'val' | 'test', problems: readonly Problem[], iteration: number) => {
      const result = await greedyAccuracy(m, source.grader, problems, config.rollout.maxResponseTokens)
      const metrics: Record<string, number> = { [`${split}/acc`]: result.accuracy, [`${split}/acc_se`]: result.standardError, [`${split}/items`]: result.items }
      if (split === 'val' && m.prm) {
        const prmAccuracy = await heldOutPrmAccuracy(config, m, source.grader, problems.slice(0, config.logging.heldOutPrmPrompts), iteration)
        if (prmAccuracy !== null) metrics['val/prm_dpo_acc'] = prmAccuracy
        const reference = config.prm.reference === 'sft' ? m.reference! : m.policy.params
        Object.assign(metrics, await validateAgainstStepLabels(m, m.prm.params, reference, problems, geometryFor(config, config.prm.miniBatches).rows))
      }
      return metrics
    }
    let state: LoopState = { iteration: 0, cursor: { next: 0, buffer: [] }, rng: new Rng(config.seed).state(), samplesSeen: 0, wallTime: 0 }
    let lastCheckpoint: string | null = null
    if (resuming) {
      const restored = await restoreNewestIntact(runDir, m, (message) => context.log('warn', message))
      if (restored) {
        state = restored.state
        lastCheckpoint = restored.dir
        context.log('info', `resumed from ${restored.dir} at iteration ${state.iteration}`)
      } else {
        context.log('warn', 'no intact checkpoint to resume from: starting this run afresh (its earlier iterations are discarded)')
      }
      // The iterations after the checkpoint (all of them without one) are trained again: their rows go first.
      for (const line of context.files.rewindTo(state.iteration)) context.log('warn', `${line}: not a metrics row, dropped`)
    }
    source.cursor = { next: state.cursor.next, buffer: [...state.cursor.buffer] }
    const rng = new Rng(state.rng)
    let peakRss = 0
    // Every curve starts from the starting model: validation before the first update.
    if (!resuming) context.metrics(0, await evaluate('val', source.validation, 0))

    context.progress(state.iteration, config.iterations, 'training')
    for (let iteration = state.iteration + 1; iteration <= config.iterations; iteration++) {
      await context.checkpoint()
      if (iteration === INJECT_NAN_AT) m.policy.params[0] = Number.NaN
      assertFiniteWeights(m, iteration, lastCheckpoint)
      const started = context.activeMs()
      const cpuAtStart = cpuUsage()
      const result = await runIteration(config, m, source, rng)
      const metrics = result.metrics
      assertFinite(metrics, iteration, lastCheckpoint)

      if (iteration % config.logging.validateEvery === 0 || iteration === config.iterations) {
        Object.assign(metrics, await evaluate('val', source.validation, iteration))
      }
      if (iteration === config.iterations && source.test.length > 0) Object.assign(metrics, await evaluate('test', source.test, iteration))
      const activeSeconds = (context.activeMs() - started) / 1000
      state = {
        iteration,
        cursor: source.cursor,
        rng: rng.state(),
        samplesSeen: state.samplesSeen + result.episodes.length,
        wallTime: state.wallTime + activeSeconds,
      }
      metrics['train/samples_seen'] = state.samplesSeen
      metrics['train/wall_time'] = state.wallTime
      Object.assign(metrics, systemMetrics(cpuUsage(cpuAtStart), activeSeconds))
      peakRss = Math.max(peakRss, metrics['perf/rss_mb']!)
      metrics['perf/peak_rss_mb'] = peakRss
      if (config.logging.rolloutSamples > 0) context.files.writeRollouts(iteration, rolloutRecords(iteration, result, config.logging.rolloutSamples))
      context.metrics(iteration, metrics)
      if (iteration % config.logging.checkpointEvery === 0 || iteration === config.iterations) {
        lastCheckpoint = join(runDir, 'checkpoints', await saveCheckpoint(runDir, m, state))
      }
      context.progress(iteration, config.iterations, 'training')
      context.log(
        'info',
        `iteration ${iteration}: reward ${metrics['critic/score/mean']!.toFixed(3)}` +
          (metrics['val/acc'] === undefined ? '' : `, val acc ${metrics['val/acc'].toFixed(3)}`) +
          (metrics['reward_model/loss'] === undefined ? '' : `, PRM loss ${metrics['reward_model/loss'].toFixed(4)}`) +
          `, ${metrics['timing/iteration']!.toFixed(1)} s`,
      )
    }
  } finally {
    await source.close()
    await runtime.dispose()
  }
}
