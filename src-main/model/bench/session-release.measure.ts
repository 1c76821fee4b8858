// Measured by hand, not in npm test (issue 14): whether releasing an ONNX Runtime session gives its memory back to the
// OS. Opens model S's log-prob and train-step programs at several sequence lengths (the shape classes of RL's length
// buckets), runs each once, then releases them one by one, printing resident memory (RSS) after every step. Run it with
// and without the trainer's huge-page tunable (src-main/host/trainer-env.ts):
//   GLIBC_TUNABLES=glibc.malloc.hugetlb=1 npx tsx src-main/model/bench/session-release.measure.ts [--rows 64] [--seqs 96,160,224,288] [--arena on|off]
// Measured (2-core AMD EPYC, glibc 2.36, ORT 1.30): the 8 sessions held 10.0 GB (9.9 GB without the tunable); releasing
// them one by one brought RSS back to 0.7 GB either way, the train step at 288 columns alone by 2.9 GB. With --arena off
// the same runs peaked at 2.7 GB: freed tensors return to malloc and are reused by the next session's runs.
import { memoryUsage } from 'node:process'
import { parseArgs } from 'node:util'
import { DEFAULT_ADAMW, Rng, Runtime, TrainState, type CompiledProgram } from '../../engine'
import { modelConfig } from '../config'
import { LanguageModel } from '../language-model'
import { SFT_LOSS } from '../programs'
import { packSequences } from '../token-batch'

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '64' },
    seqs: { type: 'string', default: '96,160,224,288' },
    threads: { type: 'string', default: '2' },
    arena: { type: 'string', default: 'on' },
    repeats: { type: 'string', default: '3' },
  },
})
const gib = () => (memoryUsage.rss() / 2 ** 30).toFixed(2)
console.log(`GLIBC_TUNABLES=${process.env.GLIBC_TUNABLES ?? ''} arena ${values.arena}: start ${gib()} GiB`)
const runtime = await Runtime.create({ executionProvider: 'cpu', intraOpNumThreads: Number(values.threads), cpuMemArena: values.arena === 'on', memoryBudget: Infinity })
const model = new LanguageModel(modelConfig('S'), runtime)
const state = new TrainState(model.initParams(1), DEFAULT_ADAMW)
const rng = new Rng(3)
const opened: CompiledProgram[] = []
/** The first run (it compiles the program and fills its arena), then the median of `repeats` more. */
async function timed(run: () => Promise<unknown>): Promise<string> {
  const seconds: number[] = []
  for (let i = 0; i <= Number(values.repeats); i++) {
    const t0 = performance.now()
    await run()
    seconds.push((performance.now() - t0) / 1000)
  }
  const again = seconds.slice(1).sort((a, b) => a - b)
  return `first run ${seconds[0]!.toFixed(2)} s, then ${(again[again.length >> 1] ?? NaN).toFixed(2)} s; ${gib()} GiB`
}
for (const seq of values.seqs.split(',').map(Number)) {
  const rows = Array.from({ length: Number(values.rows) }, () => ({
    prompt: Array.from({ length: 24 }, () => rng.nextUint32() % 60),
    response: Array.from({ length: seq - 23 }, () => rng.nextUint32() % 60),
  }))
  const batch = packSequences(rows, { padId: 0, seq, batch: rows.length, vocabSize: model.config.vocabSize })
  console.log(`T=${seq}: log-probs ${await timed(() => model.logProbs(state.params, batch))}`)
  console.log(`T=${seq}: train step ${await timed(() => model.sftStep(state, batch, 1e-4))}`)
  opened.push(await model.logProbsProgram(batch), await model.trainProgram(SFT_LOSS, batch, state.hyper))
}
for (const program of opened) {
  await program.release()
  console.log(`released ${program.name.split(':')[0]}@${program.shapeClass}: ${gib()} GiB`)
}
await runtime.dispose()
console.log(`disposed: ${gib()} GiB`)
