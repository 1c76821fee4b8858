// The host-side KV cache: per layer, keys and values in chunks of C positions, each chunk (B, K, C, D), allocated
// up front and fed to decode steps as zero-copy inputs. A step feeds only the chunks in use and the host writes
// each step's new key and value rows at the sequence's position (contiguous D-float copies).
import { type Feeds, type HostTensor, hostTensor } from '../../engine'
import { headDim, type ModelConfig } from '../config'
import { GENERATION_IO } from './programs'

export class KvCache {
  /** keys[layer][chunk], values[layer][chunk]: (B, K, C, D) each. */
  readonly keys: Float32Array[][]
  readonly values: Float32Array[][]
  private readonly K: number
  private readonly D: number

  constructor(
    readonly config: ModelConfig,
    readonly batch: number,
    /** Positions per chunk (C). */
    readonly chunk: number,
    readonly chunks: number,
  ) {
    this.K = config.nKvHeads
    this.D = headDim(config)
    const size = batch * this.K * chunk * this.D
    const layer = () => Array.from({ length: chunks }, () => new Float32Array(size))
    this.keys = Array.from({ length: config.nLayers }, layer)
    this.values = Array.from({ length: config.nLayers }, layer)
  }

  get capacity(): number {
    return this.chunk * this.chunks
  }

  /**
   * Copies K rows of D floats, src[srcAt + k * srcStride ...], into position t of sequence b. Written as plain
   * index loops: this runs for every layer, sequence and step, and closures or subarray() per row cost more than
   * the copy itself.
   */
  private write(layerChunks: Float32Array[], src: Float32Array, srcAt: number, srcStride: number, b: number, t: number): void {
    const { K, D, chunk } = this
    if (t >= this.capacity) throw new Error(`KV cache: position ${t} of sequence ${b} is beyond the capacity ${this.capacity}`)
    const dst = layerChunks[Math.floor(t / chunk)]!
    const row = t % chunk
    for (let k = 0; k < K; k++) {
      const from = srcAt + k * srcStride
      const to = ((b * K + k) * chunk + row) * D
      for (let d = 0; d < D; d++) dst[to + d] = src[from + d]!
    }
  }

  /** Prefill's keys_l / values_l (B, T, K, D): positions 0..min(T, capacity)-1 of every sequence. */
  writePrefill(outputs: Record<string, HostTensor>, promptLength: number): void {
    const { K, D } = this
    const T = Math.min(promptLength, this.capacity)
    for (let l = 0; l < this.config.nLayers; l++) {
      const keys = outputs[GENERATION_IO.keys(l)]!.data as Float32Array
      const values = outputs[GENERATION_IO.values(l)]!.data as Float32Array
      for (let b = 0; b < this.batch; b++) {
        for (let t = 0; t < T; t++) {
          const at = (b * promptLength + t) * K * D
          this.write(this.keys[l]!, keys, at, D, b, t)
          this.write(this.values[l]!, values, at, D, b, t)
        }
      }
    }
  }

  /** A decode step's new_keys_l / new_values_l (B, K, D), written at each sequence's position. */
  writeStep(outputs: Record<string, HostTensor>, positions: BigInt64Array): void {
    const { K, D } = this
    for (let l = 0; l < this.config.nLayers; l++) {
      const keys = outputs[GENERATION_IO.newKeys(l)]!.data as Float32Array
      const values = outputs[GENERATION_IO.newValues(l)]!.data as Float32Array
      for (let b = 0; b < this.batch; b++) {
        const t = Number(positions[b])
        this.write(this.keys[l]!, keys, b * K * D, D, b, t)
        this.write(this.values[l]!, values, b * K * D, D, b, t)
      }
    }
  }

  /** The first `chunks` chunks of every layer, as decode inputs. */
  feeds(chunks: number): Feeds {
    const dims = [this.batch, this.K, this.chunk, this.D]
    const feeds: Feeds = {}
    for (let l = 0; l < this.config.nLayers; l++) {
      for (let j = 0; j < chunks; j++) {
        feeds[GENERATION_IO.keyCache(l, j)] = hostTensor(this.keys[l]![j]!, dims)
        feeds[GENERATION_IO.valueCache(l, j)] = hostTensor(this.values[l]![j]!, dims)
      }
    }
    return feeds
  }
}
