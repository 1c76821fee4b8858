// The preview's rows, fetched from the host in fixed blocks (`datasets.rows` with offset = block × size) as the
// table scrolls. Keeps at most `maxBlocks` blocks, dropping the least recently used, so scrolling through a
// million-row dataset holds a bounded number of rows.

export type PreviewRow = Record<string, unknown>

export class RowBlocks {
  private readonly blocks = new Map<number, PreviewRow[]>()
  private readonly loading = new Set<number>()

  constructor(
    readonly blockSize: number,
    readonly maxBlocks: number,
  ) {}

  /** The row at `index`, if its block is here. */
  row(index: number): PreviewRow | undefined {
    const block = Math.floor(index / this.blockSize)
    return this.blocks.get(block)?.[index - block * this.blockSize]
  }

  /** Blocks covering rows [first, end) that are neither here nor being fetched; marks them as being fetched. */
  claimMissing(first: number, end: number): number[] {
    const missing: number[] = []
    if (end <= first) return missing
    for (let block = Math.floor(first / this.blockSize); block <= Math.floor((end - 1) / this.blockSize); block += 1) {
      const held = this.blocks.get(block)
      if (held) {
        // Touch: the Map's insertion order is the recency order.
        this.blocks.delete(block)
        this.blocks.set(block, held)
      } else if (!this.loading.has(block)) {
        this.loading.add(block)
        missing.push(block)
      }
    }
    return missing
  }

  store(block: number, rows: PreviewRow[]): void {
    this.loading.delete(block)
    this.blocks.set(block, rows)
    while (this.blocks.size > this.maxBlocks) {
      const oldest = this.blocks.keys().next().value
      if (oldest === undefined) break
      this.blocks.delete(oldest)
    }
  }

  /** A fetch failed: let a later claimMissing try the block again. */
  release(block: number): void {
    this.loading.delete(block)
  }

  heldBlocks(): number[] {
    return [...this.blocks.keys()]
  }
}
