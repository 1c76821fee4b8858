// `prime-workbench grade <in.jsonl>`: one {response, reference, verifier, options?} per line in, one
// {score, detail} per line out, in order. Every line is checked before anything is graded, so a bad line fails
// the whole command with its line number and field.
import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { parseOrThrow } from '../../../src-preload/contract/validation'
import { VERIFIER_NAMES, Verification } from '../../tasks/verification'

const GradeLine = z.object({
  response: z.string(),
  reference: z.string(),
  verifier: z.string().refine((name) => (VERIFIER_NAMES as readonly string[]).includes(name), {
    message: `unknown verifier (known: ${VERIFIER_NAMES.join(', ')})`,
  }),
  options: z.record(z.string(), z.unknown()).optional(),
})

export function readGradeJobs(path: string): z.infer<typeof GradeLine>[] {
  const lines = readFileSync(path, 'utf8').split('\n')
  return lines.flatMap((line, index) => {
    if (line.trim() === '') return []
    let value: unknown
    try {
      value = JSON.parse(line)
    } catch (error) {
      throw new Error(`${path}:${index + 1}: not valid JSON (${(error as Error).message})`)
    }
    return [parseOrThrow(GradeLine, value, `${path}:${index + 1}`, 'line')]
  })
}

export async function gradeCommand(path: string, out: NodeJS.WritableStream, workerUrl?: URL): Promise<number> {
  const jobs = readGradeJobs(path)
  const verification = new Verification({ pool: workerUrl ? { workerUrl } : {} })
  try {
    const results = await verification.verifyBatch(jobs)
    for (const { score, detail } of results) out.write(`${JSON.stringify({ score, detail })}\n`)
    return 0
  } finally {
    await verification.close()
  }
}
