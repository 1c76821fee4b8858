import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
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

export default defineConfig({
  main: {
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
