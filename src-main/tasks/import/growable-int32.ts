// An Int32Array that grows by doubling: a compact per-row column (4 bytes a row) for streams of unknown length.
export class GrowableInt32 {
  private data = new Int32Array(1024)
  private size = 0

  get length(): number {
    return this.size
  }

  push(value: number): void {
    if (this.size === this.data.length) {
      const grown = new Int32Array(this.data.length * 2)
      grown.set(this.data)
      this.data = grown
    }
    this.data[this.size++] = value
  }

  values(): Int32Array {
    return this.data.subarray(0, this.size)
  }
}
