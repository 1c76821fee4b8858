// `prime-workbench` — the headless CLI. Commands grow with the engine and the RL loop; for now it reports what
// this machine's trainer can do, the same answer the app's Settings page shows.
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { RuntimeService } from '../host/runtime-service'
import { forkTrainerProcess } from '../host/trainer-process'

const here = dirname(fileURLToPath(import.meta.url))
const USAGE = `usage: prime-workbench <command>

commands:
  runtime    print ONNX Runtime's version and execution providers, as a trainer process sees them
  help       this text`

async function runtime(): Promise<void> {
  const service = new RuntimeService(() => forkTrainerProcess({ entry: join(here, 'trainer.js') }))
  console.log(JSON.stringify(await service.describe(), null, 2))
}

const { positionals } = parseArgs({ allowPositionals: true, options: {} })
const command = positionals[0] ?? 'help'
if (command === 'runtime') await runtime()
else if (command === 'help' || command === '--help') console.log(USAGE)
else {
  console.error(`unknown command "${command}"\n\n${USAGE}`)
  process.exit(2)
}
