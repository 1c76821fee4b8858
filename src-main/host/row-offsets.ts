// Byte offsets of every STRIDE-th line of a dataset's rows.jsonl, so a page deep in a large dataset (the preview
// scrolled to row 900,000) is read from near its first row rather than from the start of the file. rows.jsonl never
// changes once the importer has renamed its folder into place, so an index stays right until the dataset is deleted.
// One line per row, and a row never holds a raw line break (JSON escapes it; a UTF-8 multi-byte character never
// contains the byte 0x0A), so counting 0x0A bytes counts rows.
import { createReadStream } from 'node:fs'

export const LINE_STRIDE = 1000
const NEWLINE = 0x0a

/** offsets[k] is the byte offset where line k × stride starts (0-based lines). */
export async function lineOffsets(file: string, stride = LINE_STRIDE): Promise<number[]> {
  const offsets = [0]
  let line = 0
  let position = 0
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    for (let at = chunk.indexOf(NEWLINE); at !== -1; at = chunk.indexOf(NEWLINE, at + 1)) {
      line += 1
      if (line % stride === 0) offsets.push(position + at + 1)
    }
    position += chunk.length
  }
  // A final offset at the end of the file would start an empty line: drop it.
  if (offsets.length > 1 && offsets.at(-1) === position) offsets.pop()
  return offsets
}
