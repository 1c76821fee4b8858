import { WorkbenchDatabase } from './database'

/** The page's database. */
export const db = new WorkbenchDatabase()
