// `npm run setup:cuda` — fetch ONNX Runtime's CUDA execution provider for this install, then prove it loads.
// onnxruntime-node ships CPU binaries only; its own install script downloads the CUDA provider libraries from the
// NuGet feed, which `.npmrc` skips so that `npm install` works without that feed. Users with an NVIDIA GPU run this.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { probeExecutionProvider } from '../engine/runtime/providers'

const NEEDS = `The CUDA provider needs, on this machine:
  - Linux x64 with an NVIDIA GPU and its driver,
  - CUDA 12 runtime libraries (libcudart.so.12, libcublas.so.12, libcublasLt.so.12, libcufft.so.11),
  - cuDNN 9 (libcudnn.so.9),
  - network access to the NuGet feed, where ONNX Runtime publishes the provider libraries.`

function fail(message: string): never {
  console.error(`\nsetup:cuda failed: ${message}\n\n${NEEDS}`)
  process.exit(1)
}

function missingSystemLibraries(): string[] {
  let cache = ''
  try {
    cache = execFileSync('ldconfig', ['-p'], { encoding: 'utf8' })
  } catch {
    return []
  }
  return ['libcudart.so.12', 'libcublasLt.so.12', 'libcudnn.so.9'].filter((lib) => !cache.includes(lib))
}

if (process.platform !== 'linux' || process.arch !== 'x64') {
  fail(`onnxruntime-node publishes its CUDA provider for linux-x64 only; this is ${process.platform}-${process.arch}.`)
}

const ortDir = dirname(createRequire(import.meta.url).resolve('onnxruntime-node/package.json'))
const binDir = join(ortDir, 'bin/napi-v6/linux/x64')
const providerFiles = ['libonnxruntime_providers_cuda.so', 'libonnxruntime_providers_shared.so', 'libonnxruntime_providers_tensorrt.so']
console.log('Downloading the ONNX Runtime CUDA 12 provider libraries…')
// Run the installer as if by hand: `npm run` hands scripts the project's .npmrc (`onnxruntime-node-install=skip`)
// and other npm_* variables that make onnxruntime-node's installer skip its work silently.
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('npm_')))
const install = spawnSync(process.execPath, [join(ortDir, 'script', 'install.js')], {
  env: { ...env, ONNXRUNTIME_NODE_INSTALL: 'cuda12' },
  encoding: 'utf8',
  stdio: ['ignore', 'inherit', 'pipe'],
})
if (install.status !== 0) {
  const stderr = install.stderr.trim()
  const errorLine = stderr.split('\n').find((line) => /Error\b/.test(line))?.trim() ?? stderr.split('\n')[0]
  const network = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|fetch failed|getaddrinfo/i.test(stderr)
  fail(
    network
      ? `the download could not reach the NuGet feed (${errorLine}).\n` +
          'Set HTTPS_PROXY / GLOBAL_AGENT_HTTPS_PROXY if you are behind a proxy, or copy libonnxruntime_providers_cuda.so, ' +
          `libonnxruntime_providers_shared.so and libonnxruntime_providers_tensorrt.so into ${binDir}.`
      : `onnxruntime-node's install script exited with code ${install.status}:\n${stderr}`,
  )
}
const notInstalled = providerFiles.filter((file) => !existsSync(join(binDir, file)))
if (notInstalled.length) fail(`the install script finished, but ${notInstalled.join(', ')} are not in ${binDir}.`)

const missing = missingSystemLibraries()
const cuda = await probeExecutionProvider('cuda')
if (!cuda.available) {
  fail(
    `the provider libraries are installed, but ONNX Runtime cannot open a CUDA session: ${cuda.reason}` +
      (missing.length ? `\nNot found by the dynamic linker: ${missing.join(', ')}.` : ''),
  )
}
console.log('CUDA execution provider ready: runs can now choose the CUDA device in Settings.')
