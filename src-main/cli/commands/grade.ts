// `prime-workbench grade <in.jsonl>`: one {response, reference, verifier, options?} per line in, one
// {score, detail} per line out, in order. Every line is checked before anything is graded, so a bad line fails
// the whole command with its line number and field. The file is read strictly (UTF-8, a leading BOM allowed,
// nesting bounded: ../../text). A verifier that rejects a line's options fails the command naming that line; a
// response the verifier cannot read is that line's 0 with a detail, as in the authors' grader (an unclosed
// "\boxed{5" is simply not the answer).
import { z } from 'zod'
import { parseOrThrow } from '../../../src-preload/contract/validation'
import { parseJsonText } from '../../text/json-text'
import { readTextFile } from '../../text/text-file'
import { VERIFIER_NAMES, Verification } from '../../tasks/verification'

const GradeLine = z.object({
  response: z.string(),
  reference: z.string(),
  verifier: z.string().refine((name) => (VERIFIER_NAMES as readonly string[]).includes(name), {
    message: `unknown verifier (known: ${VERIFIER_NAMES.join(', ')})`,
  }),
  options: z.record(z.string(), z.unknown()).optional(),
})

export type GradeJob = z.infer<typeof GradeLine> & { line: number }

export function readGradeJobs(path: string): GradeJob[] {
  const lines = readTextFile(path).split('\n')
  return lines.flatMap((line, index) => {
    if (line.trim() === '') return []
    const parsed = parseJsonText(line)
    if (!parsed.ok) throw new Error(`${path}:${index + 1}: ${parsed.problem}`)
    return [{ ...parseOrThrow(GradeLine, parsed.value, `${path}:${index + 1}`, 'line'), line: index + 1 }]
  })
}

export async function gradeCommand(path: string, out: NodeJS.WritableStream, workerUrl?: URL): Promise<number> {
  const jobs = readGradeJobs(path)
  const verification = new Verification({ pool: workerUrl ? { workerUrl } : {} })
  try {
    const results = await Promise.allSettled(jobs.map(({ line: _line, ...job }) => verification.verify(job)))
    const failed = results.findIndex((r) => r.status === 'rejected')
    if (failed >= 0) {
      const reason = (results[failed] as PromiseRejectedResult).reason as Error
      throw new Error(`${path}:${jobs[failed]!.line}: ${reason.message}`)
    }
    for (const r of results) {
      const { score, detail } = (r as PromiseFulfilledResult<{ score: number; detail: string }>).value
      out.write(`${JSON.stringify({ score, detail })}\n`)
    }
    return 0
  } finally {
    await verification.close()
  }
}
