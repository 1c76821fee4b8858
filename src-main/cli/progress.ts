// Progress on a terminal: a redrawn bar with ETA on a TTY, plain lines (at most one every few seconds) otherwise,
// so logs of CI jobs and `nohup` runs stay readable.
import { formatDuration } from '../../src-preload/analysis'

export interface ProgressReporter {
  update(step: number, total: number, etaSeconds: number | null, note?: string): void
  done(message: string): void
}

const BAR_WIDTH = 28
const PLAIN_INTERVAL_MS = 5000

export function progressReporter(stream: NodeJS.WriteStream, label: string): ProgressReporter {
  let lastPlain = 0
  let drawn = false
  return {
    update(step, total, etaSeconds, note = '') {
      const fraction = total > 0 ? Math.min(1, step / total) : 0
      const eta = `ETA ${formatDuration(etaSeconds)}`
      if (stream.isTTY) {
        const filled = Math.round(fraction * BAR_WIDTH)
        const bar = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`
        const line = `${label} ${bar} ${step}/${total} ${eta}${note ? `  ${note}` : ''}`
        stream.write(`\r${line.slice(0, (stream.columns || 120) - 1)}\u001b[K`)
        drawn = true
        return
      }
      const now = Date.now()
      if (now - lastPlain < PLAIN_INTERVAL_MS && step < total) return
      lastPlain = now
      stream.write(`${label} ${step}/${total} (${Math.round(fraction * 100)}%) ${eta}${note ? ` ${note}` : ''}\n`)
    },
    done(message) {
      if (drawn) stream.write('\n')
      stream.write(`${message}\n`)
    },
  }
}
