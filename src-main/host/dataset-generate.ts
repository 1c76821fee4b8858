// Built-in synthetic tasks as datasets: the problems are written as a JSON Lines file of {id, prompt, answer, level,
// ability, solution} and imported through the ordinary importer with a field mapping, so generated datasets get
// exactly an import's rows, de-duplication, splits and statistics. `solution` (the task's worked demonstration) is
// not mapped, so the importer keeps it as `extra.solution`, where re-grading and SFT warm starts find it.
import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import type { FieldMapping, SyntheticTaskInfo } from '../../src-preload/contract/schemas'
import type { z } from 'zod'
import { SYNTHETIC_TASKS } from '../tasks/synthetic'
import type { SyntheticTask } from '../tasks/synthetic/task'
import { RequestError } from './request-error'

export const GENERATED_MAPPING: z.infer<typeof FieldMapping> = { prompt: 'prompt', answer: 'answer', id: 'id', ability: 'ability' }

/** Lines handed to the write stream at once: large enough to be fast, small enough to keep memory flat. */
const LINES_PER_WRITE = 5000

export function syntheticTaskInfos(): SyntheticTaskInfo[] {
  return Object.values(SYNTHETIC_TASKS).map((task) => ({
    name: task.name,
    levels: [...task.levels],
    examples: task.levels.map((level) => {
      const [problem] = task.generate(0, 1, level)
      if (!problem) throw new Error(`${task.name}: generate(0, 1, ${level}) returned no problem`)
      return { level, prompt: problem.prompt, answer: problem.answer, demonstration: task.demonstration(problem) }
    }),
  }))
}

/** The task and level of a generate request, or an error naming the bad field and what would be accepted. */
export function checkSyntheticRequest(taskName: string, level: number): SyntheticTask {
  const task = Object.hasOwn(SYNTHETIC_TASKS, taskName) ? SYNTHETIC_TASKS[taskName] : undefined
  if (!task) {
    throw new RequestError(`unknown task ${JSON.stringify(taskName)} (built-in tasks: ${Object.keys(SYNTHETIC_TASKS).join(', ')})`, 'request.task')
  }
  if (!task.levels.includes(level)) {
    throw new RequestError(`${task.name} has no level ${level} (levels: ${task.levels.join(', ')})`, 'request.level')
  }
  return task
}

/** Write `count` problems of `task` at `level` for `seed` to `path` as JSON Lines. */
export async function writeSyntheticJsonl(path: string, task: SyntheticTask, level: number, count: number, seed: number): Promise<void> {
  const problems = task.generate(seed, count, level)
  const out = createWriteStream(path, { encoding: 'utf8' })
  const failed = once(out, 'error').then(([error]) => Promise.reject(error as Error))
  try {
    for (let start = 0; start < problems.length; start += LINES_PER_WRITE) {
      const lines = problems.slice(start, start + LINES_PER_WRITE).map((p) =>
        JSON.stringify({ id: p.id, prompt: p.prompt, answer: p.answer, level: p.level, ability: 'math', solution: task.demonstration(p) }),
      )
      if (!out.write(`${lines.join('\n')}\n`)) await Promise.race([once(out, 'drain'), failed])
    }
    out.end()
    await Promise.race([once(out, 'finish'), failed])
  } finally {
    failed.catch(() => {})
    out.destroy()
  }
}
