// Reading the append-only NDJSON files of a run. A last line cut short by a crash is ignored, never fatal.
import { existsSync, readFileSync } from 'node:fs'

export function readNdjson(path: string): unknown[] {
  if (!existsSync(path)) return []
  const rows: unknown[] = []
  const lines = readFileSync(path, 'utf8').split('\n')
  lines.forEach((line, index) => {
    if (line.trim() === '') return
    try {
      rows.push(JSON.parse(line))
    } catch (error) {
      const isLast = index >= lines.length - 2
      if (!isLast) throw new Error(`${path}:${index + 1}: not valid JSON (${(error as Error).message})`)
    }
  })
  return rows
}
