// Reading a whole text file the one strict way every command uses (grade, run configs, the importer's line reader
// shares its rules): UTF-8 only, a bad byte is an error naming the file and line (never a silent U+FFFD), and a
// leading byte-order mark is dropped (editors on Windows write one; it is not part of the content).
import { readFileSync } from 'node:fs'
import { decodeUtf8 } from './utf8'

const BOM = '\ufeff'

export class TextFileError extends Error {
  constructor(
    readonly file: string,
    /** 1-based line of the problem, or null for the whole file. */
    readonly line: number | null,
    readonly problem: string,
  ) {
    super(`${file}${line === null ? '' : `:${line}`}: ${problem}`)
    this.name = 'TextFileError'
  }
}

/** The text without a leading byte-order mark. */
export function stripBom(text: string): string {
  return text.startsWith(BOM) ? text.slice(1) : text
}

/** "byte 0xe9 at byte 5 of the line", or the incomplete sequence at the end: what is wrong, without quoting text. */
export function describeInvalidUtf8(bytes: Uint8Array, badByteOffset: number, where: string): string {
  const bad = bytes[badByteOffset]
  const what = bad === undefined ? `an incomplete multi-byte sequence at the end of ${where}` : `byte 0x${bad.toString(16).padStart(2, '0')} at byte ${badByteOffset + 1} of ${where}`
  return `not valid UTF-8 (${what}); re-save the file as UTF-8`
}

/** Strict UTF-8 text of `bytes` (a leading BOM dropped); a bad byte throws naming `file` and its line. */
export function decodeTextFile(file: string, bytes: Uint8Array): string {
  const decoded = decodeUtf8(bytes)
  if (decoded.ok) return stripBom(decoded.text)
  let line = 1
  let lineStart = 0
  for (let i = 0; i < decoded.badByteOffset; i++) {
    if (bytes[i] === 0x0a) {
      line += 1
      lineStart = i + 1
    }
  }
  throw new TextFileError(file, line, describeInvalidUtf8(bytes.subarray(lineStart), decoded.badByteOffset - lineStart, 'the line'))
}

/** A whole file as strict UTF-8 text; a missing or unreadable file throws naming it. */
export function readTextFile(file: string): string {
  let bytes: Buffer
  try {
    bytes = readFileSync(file)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new TextFileError(file, null, code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a folder, not a file' : `cannot read it (${code ?? (error as Error).message})`)
  }
  return decodeTextFile(file, bytes)
}
