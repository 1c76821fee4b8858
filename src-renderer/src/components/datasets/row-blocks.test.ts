import { describe, expect, it } from 'vitest'
import { RowBlocks } from './row-blocks'

const rowsOf = (block: number, size: number) => Array.from({ length: size }, (_, i) => ({ id: `r${block * size + i}` }))

describe('RowBlocks', () => {
  it('claims each block a window needs once, and serves rows from stored blocks', () => {
    const blocks = new RowBlocks(200, 10)
    expect(blocks.claimMissing(190, 230)).toEqual([0, 1])
    // Still being fetched: not claimed twice.
    expect(blocks.claimMissing(0, 400)).toEqual([])
    blocks.store(1, rowsOf(1, 200))
    expect(blocks.row(201)).toEqual({ id: 'r201' })
    expect(blocks.row(199)).toBeUndefined()
    expect(blocks.claimMissing(150, 450)).toEqual([2])
    expect(blocks.claimMissing(400, 400)).toEqual([])
  })

  it('lets a failed block be claimed again', () => {
    const blocks = new RowBlocks(200, 10)
    expect(blocks.claimMissing(0, 10)).toEqual([0])
    blocks.release(0)
    expect(blocks.claimMissing(0, 10)).toEqual([0])
  })

  it('drops the least recently used block beyond the limit', () => {
    const blocks = new RowBlocks(10, 3)
    for (const b of [0, 1, 2]) {
      blocks.claimMissing(b * 10, b * 10 + 1)
      blocks.store(b, rowsOf(b, 10))
    }
    // Touch block 0, so block 1 is now the oldest.
    expect(blocks.claimMissing(0, 5)).toEqual([])
    blocks.claimMissing(30, 31)
    blocks.store(3, rowsOf(3, 10))
    expect(blocks.heldBlocks().sort()).toEqual([0, 2, 3])
    expect(blocks.row(15)).toBeUndefined()
    expect(blocks.claimMissing(15, 16)).toEqual([1])
  })
})
