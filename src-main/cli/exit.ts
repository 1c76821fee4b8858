// Ending the CLI without losing output. process.exit() drops whatever stdout still holds, and on a pipe whose
// reader is slower than us that is most of a large `grade` or `score` output (and the exit code said 0), so the
// CLI exits only once stdout and stderr have handed everything to the OS. A reader that goes away early
// (`| head`) makes the next write fail with EPIPE: the CLI then stops quietly, with the status a process killed
// by SIGPIPE has (128 + 13), as other Unix tools do.
const BROKEN_PIPE_STATUS = 141

/** Resolves once everything written to `stream` so far has been handed to the OS (or the stream failed). */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  if (stream.destroyed || stream.writableEnded) return Promise.resolve()
  return new Promise((resolve) => stream.write('', () => resolve()))
}

export async function exitAfterOutput(code: number): Promise<never> {
  await Promise.all([drained(process.stdout), drained(process.stderr)])
  process.exit(code)
}

/** A closed stdout ends the CLI quietly; any other output error is reported like every other error. */
export function stopOnBrokenPipe(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(BROKEN_PIPE_STATUS)
    process.stderr.write(`prime-workbench: cannot write the output: ${error.message}\n`)
    process.exit(2)
  })
}
