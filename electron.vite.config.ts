import { chmodSync, readFileSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import type { Plugin } from 'vite'
import vue from '@vitejs/plugin-vue'

// The Node entries share one main build: the Electron app, the trainer (run as an Electron utility process or a
// plain child process), the browser-mode host, the headless CLI and the verifier pool's worker. Only `app` imports
// 'electron'.
const nodeEntries = {
  index: resolve('src-main/app/index.ts'),
  trainer: resolve('src-main/trainer/main.ts'),
  serve: resolve('src-main/host/serve.ts'),
  cli: resolve('src-main/cli/main.ts'),
  // worker_threads entry of the verifier pool; callers pass its built path as the pool's workerUrl.
  'verify-worker': resolve('src-main/tasks/pool/verify-worker.ts'),
  // worker_threads entry of dataset imports and previews (run with a heap limit); hosts pass its built path.
  'import-worker': resolve('src-main/tasks/import/import-worker.ts'),
}

/**
 * Node code finds the files it reads at run time (the code sandbox's apps_harness.py) with
 * `new URL('./file.ext', import.meta.url)`, which works from source. Vite rewrites that pattern in browser builds
 * only, so for the Node build this plugin emits each such file as an asset and points the URL at the emitted copy,
 * whichever chunk the code lands in. Script modules (.js, .ts: the verifier pool's worker) are left alone.
 */
function nodeAssetUrls(): Plugin {
  const pattern = /new URL\((['"])(\.{1,2}\/[^'"]+)\1, import\.meta\.url\)/g
  return {
    name: 'prime:node-asset-urls',
    enforce: 'pre',
    transform(code, id) {
      if (!id.includes('/src-main/')) return null
      let changed = false
      const rewritten = code.replace(pattern, (whole: string, _quote: string, relative: string) => {
        if (/\.[cm]?[jt]s$/.test(relative)) return whole
        const file = join(dirname(id), relative)
        this.addWatchFile(file)
        const referenceId = this.emitFile({ type: 'asset', name: basename(file), source: readFileSync(file) })
        changed = true
        return `new URL(import.meta.ROLLUP_FILE_URL_${referenceId})`
      })
      return changed ? { code: rewritten, map: null } : null
    },
    // Relative to the chunk that reads the file: the build works wherever out/ is installed.
    resolveFileUrl({ relativePath }) {
      return `new URL(${JSON.stringify(relativePath)}, import.meta.url).href`
    },
  }
}

/** Entries that start with a shebang (the CLI, `bin` in package.json) become executable, so npx can run them. */
function executableShebangEntries(): Plugin {
  return {
    name: 'prime:executable-shebang-entries',
    writeBundle(options, bundle) {
      for (const output of Object.values(bundle)) {
        if (output.type === 'chunk' && output.isEntry && output.code.startsWith('#!')) {
          chmodSync(join(options.dir ?? '', output.fileName), 0o755)
        }
      }
    },
  }
}

export default defineConfig({
  main: {
    plugins: [nodeAssetUrls(), executableShebangEntries()],
    build: {
      outDir: 'out/main',
      rollupOptions: { input: nodeEntries },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot require() packages: bundle zod and the contract into the one file.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('src-preload/index.ts') },
        // A sandboxed renderer can only run a CommonJS preload script.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src-renderer',
    plugins: [vue()],
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: resolve('src-renderer/index.html') },
    },
  },
})
