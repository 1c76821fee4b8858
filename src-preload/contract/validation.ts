// Turning zod failures into messages a person can act on: every message names where the bad value was.
import type { z } from 'zod'

export class ContractError extends Error {
  constructor(
    message: string,
    /** Dotted path of the first offending field, e.g. `request.config.steps`. */
    readonly field: string | null = null,
  ) {
    super(message)
    this.name = 'ContractError'
  }
}

function pathToString(root: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : `${acc}.${String(key)}`),
    root,
  )
}

/** Parse `value` with `schema`; on failure throw a ContractError naming `context` and each bad field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, context: string, root: string): z.output<S> {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const issues = result.error.issues
  const first = issues[0]
  const field = first ? pathToString(root, first.path) : root
  const details = issues.map((issue) => `${pathToString(root, issue.path)}: ${issue.message}`).join('; ')
  throw new ContractError(`${context}: invalid ${details}`, field)
}
