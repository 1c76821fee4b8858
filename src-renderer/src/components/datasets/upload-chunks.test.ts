import { describe, expect, it } from 'vitest'
import { chunkRanges, toBase64 } from './upload-chunks'

/** RFC 4648 base64 the long way, as an independent reference (the renderer's tsconfig has no Node Buffer). */
function referenceBase64(bytes: Uint8Array): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
  let out = ''
  for (let i = 0; i < bytes.length; i += 3) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0)
    const chars = [18, 12, 6, 0].map((shift) => alphabet[(n >> shift) & 63])
    const kept = Math.min(4, bytes.length - i + 1)
    out += chars.slice(0, kept).join('') + '='.repeat(4 - kept)
  }
  return out
}

describe('toBase64', () => {
  it('matches RFC 4648 for empty, short and multi-step inputs with every byte value', () => {
    const bytes = new Uint8Array(100_003).map((_, i) => (i * 7919) % 256)
    for (const input of [new Uint8Array(0), new Uint8Array([255]), new Uint8Array([0, 1]), new Uint8Array([77, 97, 110]), bytes]) {
      expect(toBase64(input)).toBe(referenceBase64(input))
    }
    expect(toBase64(new Uint8Array([77, 97]))).toBe('TWE=')
  })
})

describe('chunkRanges', () => {
  it('covers the file exactly, the last chunk short', () => {
    expect(chunkRanges(10, 4)).toEqual([
      [0, 4],
      [4, 8],
      [8, 10],
    ])
    expect(chunkRanges(8, 4)).toEqual([
      [0, 4],
      [4, 8],
    ])
    expect(chunkRanges(0, 4)).toEqual([])
    expect(() => chunkRanges(10, 0)).toThrow(/positive/)
  })
})
