// The desktop app prints reports with its own Chromium (webContents.printToPDF) instead of looking for an
// installed browser: a hidden, sandboxed window with JavaScript off loads the report file and prints it.
import { writeFileAtomicSync } from '../storage/atomic-file'
import { BrowserWindow } from 'electron'
import type { PdfRenderer } from '../reports/pdf'

export const electronPdfRenderer: PdfRenderer = async (htmlFile, pdfFile) => {
  const window = new BrowserWindow({
    show: false,
    webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false },
  })
  try {
    await window.loadFile(htmlFile)
    const pdf = await window.webContents.printToPDF({ printBackground: true, pageSize: 'A4' })
    writeFileAtomicSync(pdfFile, pdf)
  } finally {
    window.destroy()
  }
}
