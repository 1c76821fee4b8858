// Bounds on what one Parquet row group may expand to. A Parquet page declares its decompressed size in its own
// header, and hyparquet allocates that much before decompressing, so an 8 MB file can ask for gigabytes (issue 10:
// an 8 MB file took the host to a 4.3 GiB heap and killed it, orphaning its trainers). Two checks, both per row
// group: the sizes its column chunks declare in the footer, before anything is read; and every page's declared
// size, counted against the same budget before its buffer is allocated (the footer can lie). ZSTD is decompressed
// into a buffer of the declared size, never one the compressed frame asks for. Object and string growth beyond
// the bytes (many rows from few bytes) is bounded by the import worker's heap limit (run-in-worker.ts).
import { decompress as decompressZstd } from 'fzstd'
import type { Compressors } from 'hyparquet'
import { compressors } from 'hyparquet-compressors'

/** Default bound on one row group's decompressed bytes. */
export const MAX_ROW_GROUP_BYTES = 512 * 1024 * 1024

export class DecompressionLimitError extends Error {
  constructor(readonly limitBytes: number) {
    super(`its pages declare more than ${formatMiB(limitBytes)} decompressed`)
    this.name = 'DecompressionLimitError'
  }
}

export function formatMiB(bytes: number): string {
  return `${Math.round(bytes / 2 ** 20).toLocaleString('en-US')} MiB`
}

/** Decompressed bytes left to one row group; `take` throws once a page would exceed them. */
export class RowGroupBudget {
  private used = 0

  constructor(readonly limitBytes: number) {}

  take(bytes: number): void {
    this.used += bytes
    if (this.used > this.limitBytes) throw new DecompressionLimitError(this.limitBytes)
  }
}

/** hyparquet-compressors' codecs, each charging its page's declared size to the current row group's budget first. */
export function boundedCompressors(budget: () => RowGroupBudget): Compressors {
  const bounded: Compressors = {}
  for (const [codec, decompress] of Object.entries(compressors) as [keyof Compressors, NonNullable<Compressors[keyof Compressors]>][]) {
    bounded[codec] = (input: Uint8Array, outputLength: number): Uint8Array => {
      budget().take(outputLength)
      return codec === 'ZSTD' ? decompressZstd(input, new Uint8Array(outputLength)) : decompress(input, outputLength)
    }
  }
  return bounded
}
