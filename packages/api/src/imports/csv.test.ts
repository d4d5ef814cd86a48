import { describe, expect, it } from 'vitest';
import { detectDelimiter, detectEncoding, parseDecimal, readCsv } from './csv.js';

async function* chunks(bytes: Uint8Array, size: number) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}
async function read(bytes: Uint8Array, size = 7) {
  const out: { line: number; fields: string[] }[] = [];
  for await (const r of readCsv(chunks(bytes, size))) out.push(r);
  return out;
}
const utf16le = (s: string) => new Uint8Array(Buffer.from(s, 'utf16le'));
const latin1 = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));

describe('CSV reading', () => {
  const text = 'name;city;value\r\n"Gård ""Øst""";Tønsberg;1 234,50\r\nÅsgården;"Malmö; Skåne";12\r\n';
  const expected = [
    { line: 1, fields: ['name', 'city', 'value'] },
    { line: 2, fields: ['Gård "Øst"', 'Tønsberg', '1 234,50'] },
    { line: 3, fields: ['Åsgården', 'Malmö; Skåne', '12'] },
  ];

  it.each([
    ['UTF-8', new TextEncoder().encode(text)],
    ['UTF-8 with BOM', new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)])],
    ['UTF-16 LE with BOM', new Uint8Array([0xff, 0xfe, ...utf16le(text)])],
    ['UTF-16 LE without BOM', utf16le(text)],
    ['UTF-16 BE with BOM', new Uint8Array([0xfe, 0xff, ...Buffer.from(utf16le(text)).swap16()])],
    ['Windows-1252', latin1(text)],
  ])('reads %s, in chunks that split characters and lines', async (_name, bytes) => {
    expect(await read(bytes, 5)).toEqual(expected);
    expect(await read(bytes, 1 << 16)).toEqual(expected);
  });

  it('detects encodings and delimiters', () => {
    expect(detectEncoding(latin1('Ås;Ø')).encoding).toBe('windows-1252');
    expect(detectEncoding(new TextEncoder().encode('Ås;Ø')).encoding).toBe('utf-8');
    expect(detectDelimiter('a,b,c')).toBe(',');
    expect(detectDelimiter('a;b;"c,d,e"')).toBe(';');
    expect(detectDelimiter('a\tb\tc')).toBe('\t');
  });

  it('reads quoted line breaks, LF endings, a missing final newline, and counts lines', async () => {
    const rows = await read(new TextEncoder().encode('a,b\n"x\ny",2\n\n3,4'), 3);
    expect(rows).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x\ny', '2'] },
      { line: 5, fields: ['3', '4'] },
    ]);
  });

  it('refuses an unclosed quote, naming the line', async () => {
    await expect(read(new TextEncoder().encode('a,b\n1,"2\n'))).rejects.toThrow('Line 2: a quoted field is not closed before the end of the file.');
  });

  it('parses decimal commas and points', () => {
    expect(parseDecimal('1 234,50')).toBe(1234.5);
    expect(parseDecimal('1.234,50')).toBe(1234.5);
    expect(parseDecimal('1,234.50')).toBe(1234.5);
    expect(parseDecimal('12,5')).toBe(12.5);
    expect(parseDecimal('−3,25')).toBe(-3.25);
    expect(parseDecimal('12.5')).toBe(12.5);
    expect(parseDecimal('1,2,3')).toBeNaN();
    expect(parseDecimal('abc')).toBeNaN();
  });
});
