// An RFC 4180 CSV parser fed one physical line at a time, so it streams: comma-separated fields; a field in double
// quotes may hold commas, line breaks (kept as \n) and doubled quotes ("" is one "). Two departures, both as Python's
// csv module reads files: a quote inside an unquoted field is kept as a literal character, and a trailing \r is
// dropped by the line reader (so CRLF and LF files read alike).

export interface CsvRecord {
  fields: string[]
  /** 1-based line where the record starts. */
  line: number
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    /** 0-based index of the field the problem is in. */
    readonly fieldIndex: number,
    message: string,
  ) {
    super(message)
  }
}

export class CsvParser {
  private fields: string[] = []
  private field = ''
  private inQuotes = false
  /** The field was quoted and its closing quote was seen: only a comma or the end of the line may follow. */
  private afterQuote = false
  private startLine = 0
  private quoteLine = 0
  private recordChars = 0

  constructor(private readonly maxRecordChars: number) {}

  /** Feeds one physical line; returns the record it completes, if any. Blank lines between records are skipped. */
  push(text: string, line: number): CsvRecord | null {
    if (!this.inQuotes) {
      if (text === '') return null
      this.startLine = line
      this.recordChars = 0
    } else {
      this.field += '\n'
    }
    this.recordChars += text.length + 1
    if (this.recordChars > this.maxRecordChars) {
      throw new CsvSyntaxError(this.startLine, this.fields.length, `record is longer than ${this.maxRecordChars} characters (an unclosed quote?)`)
    }
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!
      if (this.inQuotes) {
        if (c !== '"') this.field += c
        else if (text[i + 1] === '"') {
          this.field += '"'
          i += 1
        } else {
          this.inQuotes = false
          this.afterQuote = true
        }
      } else if (c === ',') {
        this.endField()
      } else if (this.afterQuote) {
        throw new CsvSyntaxError(line, this.fields.length, `unexpected ${JSON.stringify(c)} after the closing quote of a quoted field (write "" for a quote inside one)`)
      } else if (c === '"' && this.field === '') {
        this.inQuotes = true
        this.quoteLine = line
      } else {
        this.field += c
      }
    }
    if (this.inQuotes) return null
    this.endField()
    const record = { fields: this.fields, line: this.startLine }
    this.fields = []
    return record
  }

  /** Call at the end of the input: an open quoted field is an error. */
  finish(): void {
    if (this.inQuotes) {
      throw new CsvSyntaxError(this.quoteLine, this.fields.length, 'a quoted field is never closed before the end of the file')
    }
  }

  private endField(): void {
    this.fields.push(this.field)
    this.field = ''
    this.afterQuote = false
  }
}
