// `npm start` and `npm run dev` run this first (package.json prestart, predev): make sure Electron's binary is there.
// Since Electron 42 installing the electron package no longer downloads the binary (it downloads on the first
// require('electron'), and npm 11 gates dependencies' install scripts anyway), while electron-vite only reads
// node_modules/electron/path.txt and stops with "Electron uninstall" when it is missing. So: when the binary is
// installed, do nothing; otherwise run the electron package's own installer (its install.js, `npx install-electron`:
// downloads into @electron/get's cache, checks the checksum, extracts, writes path.txt). When that fails (offline,
// a blocked download), say so in one line that names the way to use the app right now, browser mode, and exit 1.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { electronPackageDir, installedElectronBinary } from './electron-binary'

if (installedElectronBinary() === null) {
  const packageDir = electronPackageDir()
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string }
  // On a terminal, a progress line that the outcome replaces: the whole story stays one line.
  const terminal = process.stdout.isTTY
  if (terminal) process.stdout.write(`npm start: downloading Electron ${version} (once, about 100 MB)…`)
  const result = spawnSync(process.execPath, [join(packageDir, 'install.js')], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' })
  if (terminal) process.stdout.write('\r\x1b[2K')
  if (result.status === 0 && installedElectronBinary() !== null) {
    console.log(`npm start: installed Electron ${version}`)
  } else {
    // install.js prints the error's stack; its first line says what went wrong.
    const reason =
      result.status === 0 ? 'the installer finished, yet the binary is still missing' : result.stderr?.trim().split('\n')[0] || result.error?.message || `exit code ${result.status}`
    console.error(
      `npm start: cannot start the desktop app: the Electron binary is not installed and its download failed (${reason}). ` +
        'Use the app in your browser now with `npm run serve`, or run `npm start` again once Electron can be downloaded.',
    )
    process.exit(1)
  }
}
