// Strict UTF-8: invalid bytes are an error, never U+FFFD, so a Latin-1 or binary file is refused rather than imported
// as mojibake.

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/** The decoded text, or the 0-based offset of the first byte that is not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): { ok: true; text: string } | { ok: false; badByteOffset: number } {
  try {
    return { ok: true, text: strict.decode(bytes) }
  } catch {
    return { ok: false, badByteOffset: firstInvalidByte(bytes) }
  }
}

/** Walks the UTF-8 grammar (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF) to find the bad byte. */
function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0
  while (i < bytes.length) {
    const b = bytes[i]!
    let need: number
    let lo = 0x80
    let hi = 0xbf
    if (b < 0x80) need = 0
    else if (b >= 0xc2 && b <= 0xdf) need = 1
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2
      if (b === 0xe0) lo = 0xa0
      if (b === 0xed) hi = 0x9f
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3
      if (b === 0xf0) lo = 0x90
      if (b === 0xf4) hi = 0x8f
    } else return i
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k]
      if (c === undefined) return i
      const [min, max] = k === 1 ? [lo, hi] : [0x80, 0xbf]
      if (c < min || c > max) return i
    }
    i += need + 1
  }
  return bytes.length
}

/** Marks a Parquet string whose bytes are not UTF-8, so the row normaliser can name its row and field. */
export class InvalidUtf8 {
  constructor(readonly badByteOffset: number) {}
}
