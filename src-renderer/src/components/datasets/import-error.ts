// Splits an import error into its parts so the page can highlight them. The importer's messages read
// `<file>: line <n>: field <path>: <problem>` (or `row <n>` for Parquet; location and field are left out when they do
// not apply; src-main/tasks/import/errors.ts). The message itself is always shown verbatim; this only finds the parts.

export interface ImportErrorParts {
  file: string
  /** "line 2" / "row 17", or null for an error about the whole file. */
  location: string | null
  field: string | null
  problem: string
}

const LOCATED = /^(?<file>[^:\n]+?): (?:(?<location>(?:line|row) \d+): )?(?:field (?<field>[^:\s]+): )?(?<problem>[\s\S]*)$/
const DATA_FILE = /\.(jsonl|ndjson|json|csv|tsv|parquet|txt)$/i

/** The parts of an importer error message, or null for any other message (a request error, a lost connection). */
export function parseImportError(message: string): ImportErrorParts | null {
  const match = LOCATED.exec(message)
  const groups = match?.groups
  if (!groups?.file || groups.problem === undefined) return null
  const location = groups.location ?? null
  const field = groups.field ?? null
  // Without a line/row or a field, the first segment must look like a data file: "runs.create: invalid …" does not.
  if (location === null && field === null && !DATA_FILE.test(groups.file)) return null
  return { file: groups.file, location, field, problem: groups.problem }
}
