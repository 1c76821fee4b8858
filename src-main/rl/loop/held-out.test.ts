// Validation and test prompts are held out by construction: no SFT demonstration and no RL training prompt is ever a
// validation or test prompt, for every built-in task and level, whatever the run's seeds.
import { describe, expect, it } from 'vitest'
import { SYNTHETIC_TASKS } from '../../tasks/synthetic'
import { heldOutProblems, promptSplit, SPLIT_SHARES } from '../../tasks/synthetic/partition'
import { BuiltinProblemSource, demonstrationProblems } from './problems'

const prompts = (problems: readonly { prompt: string }[]) => new Set(problems.map((p) => p.prompt))
const overlap = (a: Set<string>, b: Set<string>) => [...a].filter((p) => b.has(p))

describe('held-out validation and test prompts', () => {
  for (const task of Object.values(SYNTHETIC_TASKS)) {
    for (const level of task.levels) {
      it(`${task.name} level ${level}: validation, test, SFT and RL prompts are disjoint`, () => {
        const validation = prompts(heldOutProblems(task, level, 'validation', 512))
        const test = prompts(heldOutProblems(task, level, 'test', 512))
        expect(validation.size).toBeGreaterThan(0)
        expect(test.size).toBeGreaterThan(0)
        for (const seed of [1, 2]) {
          const sft = prompts(demonstrationProblems(task, level, seed, 3000))
          const source = new BuiltinProblemSource(task, level, seed, { validationSize: 512, testSize: 512, misconception: 0 })
          const rl = prompts(source.take(3000).map((index) => source.problem(index)))
          expect(prompts(source.validation)).toEqual(validation)
          for (const [name, held] of [['validation', validation], ['test', test]] as const) {
            expect(overlap(held, sft), `${name} ∩ SFT, seed ${seed}`).toEqual([])
            expect(overlap(held, rl), `${name} ∩ RL, seed ${seed}`).toEqual([])
          }
        }
        expect(overlap(validation, test)).toEqual([])
      })
    }
  }

  it('gives validation at least 512 items wherever the prompt space allows, the same set for every run', () => {
    for (const [name, level] of [['arith-chain', 1], ['arith-chain', 2], ['arith-chain', 3], ['linear-equation', 3], ['fractions', 3]] as const) {
      const first = heldOutProblems(SYNTHETIC_TASKS[name]!, level, 'validation', 512)
      expect(first.length, `${name} L${level}`).toBe(512)
      expect(heldOutProblems(SYNTHETIC_TASKS[name]!, level, 'validation', 512)).toEqual(first)
    }
  })

  it('splits the prompt space in the documented shares', () => {
    const counts = { train: 0, validation: 0, test: 0 }
    const problems = SYNTHETIC_TASKS['arith-chain']!.generate(7, 20_000, 3)
    for (const p of problems) counts[promptSplit('arith-chain', p.prompt)]++
    for (const split of ['train', 'validation', 'test'] as const) expect(counts[split] / problems.length).toBeCloseTo(SPLIT_SHARES[split], 1)
  })
})
