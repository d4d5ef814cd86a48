/**
 * Streaming CSV reading: encoding detection (UTF-8 with or without BOM, UTF-16 LE/BE, Windows-1252 /
 * ISO-8859-1), delimiter detection (comma, semicolon, tab) and RFC 4180 quoting, one record at a
 * time so that memory stays flat whatever the file size.
 */

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
export type Delimiter = ',' | ';' | '\t';

/** Picks the encoding from a BOM, from the pattern of zero bytes (UTF-16), or from UTF-8 validity. */
export function detectEncoding(head: Uint8Array): { encoding: Encoding; bom: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bom: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bom: 2 };
  const sample = head.subarray(0, Math.min(head.length, 4096));
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i < sample.length; i++) {
    if (sample[i] !== 0) continue;
    if (i % 2 === 0) zeroEven++;
    else zeroOdd++;
  }
  if (zeroOdd > sample.length / 4) return { encoding: 'utf-16le', bom: 0 };
  if (zeroEven > sample.length / 4) return { encoding: 'utf-16be', bom: 0 };
  // Cut the sample at a character boundary before checking it: a multi-byte character may straddle the end.
  let end = head.length;
  if (end === 65536 || end > 65536) {
    end = Math.min(end, 65536);
    while (end > 0 && (head[end - 1]! & 0xc0) === 0x80) end--;
    if (end > 0 && head[end - 1]! >= 0xc0) end--;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, end));
    return { encoding: 'utf-8', bom: 0 };
  } catch {
    return { encoding: 'windows-1252', bom: 0 };
  }
}

/** The delimiter used most in the header line (outside quotes). */
export function detectDelimiter(headerLine: string): Delimiter {
  const counts: Record<Delimiter, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch in counts) counts[ch as Delimiter]++;
  }
  return (Object.entries(counts) as [Delimiter, number][]).sort((a, b) => b[1] - a[1])[0]![0];
}

export interface CsvRecord {
  /** Line number of the record's first line in the file (the header is line 1). */
  line: number;
  fields: string[];
}

export class CsvFormatError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'CsvFormatError';
  }
}

export interface CsvInfo {
  encoding: Encoding;
  delimiter: Delimiter;
}

/**
 * Reads records from a byte stream. Calls `onInfo` once the encoding and delimiter are known.
 * Yields records in file order; empty lines are skipped.
 */
export async function* readCsv(bytes: AsyncIterable<Uint8Array>, onInfo?: (info: CsvInfo) => void): AsyncGenerator<CsvRecord> {
  let decoder: TextDecoder | null = null;
  let encoding: Encoding = 'utf-8';
  let delimiter: Delimiter | null = null;
  let pending: Uint8Array = new Uint8Array(0);
  let text = '';
  let line = 1;
  // Parser state, kept across chunks.
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let afterQuote = false;
  let recordLine = 1;
  let pos = 0;

  const decode = (chunk: Uint8Array, final: boolean): string => {
    try {
      return decoder!.decode(chunk, { stream: !final });
    } catch {
      throw new CsvFormatError(
        line,
        `The file is not valid ${encoding.toUpperCase()} near line ${line}; save it as UTF-8 (or Windows-1252) and import it again.`,
      );
    }
  };

  function* parse(final: boolean): Generator<CsvRecord> {
    if (delimiter === null) {
      const nl = text.indexOf('\n');
      if (nl < 0 && !final) return;
      delimiter = detectDelimiter(nl < 0 ? text : text.slice(0, nl));
      onInfo?.({ encoding, delimiter });
    }
    const d = delimiter;
    const n = text.length;
    let i = pos;
    for (; i < n; i++) {
      const ch = text[i]!;
      if (quoted) {
        if (ch === '"') {
          if (i + 1 >= n && !final) break; // need the next character to know if the quote is doubled
          if (text[i + 1] === '"') {
            field += '"';
            i++;
          } else {
            quoted = false;
            afterQuote = true;
          }
        } else {
          if (ch === '\n') line++;
          field += ch;
        }
        continue;
      }
      if (ch === d) {
        fields.push(field);
        field = '';
        afterQuote = false;
      } else if (ch === '\n' || ch === '\r') {
        if (ch === '\r' && i + 1 >= n && !final) break;
        if (ch === '\r' && text[i + 1] === '\n') i++;
        fields.push(field);
        if (!(fields.length === 1 && fields[0] === '')) yield { line: recordLine, fields };
        fields = [];
        field = '';
        afterQuote = false;
        line++;
        recordLine = line;
      } else if (ch === '"' && field === '' && !afterQuote) {
        quoted = true;
      } else if (afterQuote) {
        throw new CsvFormatError(recordLine, `Line ${recordLine}: text after a closing quote; a quote inside a quoted field is written as "".`);
      } else {
        field += ch;
      }
    }
    text = text.slice(i);
    pos = 0;
    if (final) {
      if (quoted) throw new CsvFormatError(recordLine, `Line ${recordLine}: a quoted field is not closed before the end of the file.`);
      if (field !== '' || fields.length > 0) {
        fields.push(field);
        yield { line: recordLine, fields };
      }
    }
  }

  for await (const chunk of bytes) {
    if (!decoder) {
      pending = concat(pending, chunk);
      if (pending.length < 65536) continue;
      const found = detectEncoding(pending);
      encoding = found.encoding;
      decoder = new TextDecoder(encoding, { fatal: encoding !== 'windows-1252' });
      text += decode(pending.subarray(found.bom), false);
      pending = new Uint8Array(0);
    } else {
      text += decode(chunk, false);
    }
    yield* parse(false);
  }
  if (!decoder) {
    const found = detectEncoding(pending);
    encoding = found.encoding;
    decoder = new TextDecoder(encoding, { fatal: encoding !== 'windows-1252' });
    text += decode(pending.subarray(found.bom), false);
  }
  text += decode(new Uint8Array(0), true);
  yield* parse(true);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/**
 * A number written the Norwegian or Swedish way or the English way: "1 234,50", "1234,5",
 * "1.234,50", "1234.5", "-12". Returns NaN when it is not a number.
 */
export function parseDecimal(raw: string): number {
  let s = raw.replace(/[\s\u00a0\u202f]/g, '').replace(/^\u2212/, '-');
  if (s === '') return Number.NaN;
  const comma = s.lastIndexOf(',');
  const dot = s.lastIndexOf('.');
  if (comma >= 0 && dot >= 0) {
    s = comma > dot ? s.replace(/\./g, '').replace(',', '.') : s.replace(/,/g, '');
  } else if (comma >= 0) {
    if (s.indexOf(',') !== comma) return Number.NaN;
    s = s.replace(',', '.');
  }
  return /^[-+]?(\d+\.?\d*|\.\d+)$/.test(s) ? Number(s) : Number.NaN;
}
