// Reading the append-only NDJSON files of a run. A last line cut short by a crash (or still being written) is
// ignored; any other line that is not valid JSON is skipped and described in `skipped` ("<path>:<line>: …"), so
// one damaged line never hides the rest of the file.
import { existsSync, readFileSync } from 'node:fs'

export function readNdjson(path: string, skipped: string[] = []): unknown[] {
  if (!existsSync(path)) return []
  const rows: unknown[] = []
  const lines = readFileSync(path, 'utf8').split('\n')
  lines.forEach((line, index) => {
    if (line.trim() === '') return
    try {
      rows.push(JSON.parse(line))
    } catch (error) {
      if (index < lines.length - 1) skipped.push(`${path}:${index + 1}: not valid JSON (${(error as Error).message}); line skipped`)
    }
  })
  return rows
}
