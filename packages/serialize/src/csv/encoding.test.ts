import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { ConfigError, FormatError, Matrix, type Dataset } from '@bpnn/core';
import { describe, expect, it } from 'vitest';
import { readCsvBlocks, readCsvCategories } from './csv-blocks.js';
import { readCsvInputs } from './csv-inputs.js';
import { readCsvDataset } from './csv.js';
import { CSV_ENCODINGS, csvEncoding } from './encoding.js';

const dir = new URL('../../test/fixtures/encodings/', import.meta.url);
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(name, dir)));

const weather = { target: 'Catégorie', delimiter: ';', source: 'weather.csv' } as const;
const cities = { target: '都市', source: 'cities.csv' } as const;

/** A data set as plain values, its inputs as their bytes (bit for bit, −0 and NaN told apart). */
function plain(data: Dataset) {
  const { inputs, ...rest } = data;
  const values = Matrix.from(inputs, 'inputs').data;
  return { ...rest, bytes: Array.from(new Uint8Array(values.buffer, values.byteOffset, values.byteLength)) };
}

/** The bytes in chunks of `size`, cut anywhere (inside a character too). */
function* chunks(bytes: Uint8Array, size: number) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}

describe('CSV in other encodings, against the UTF-8 originals that iconv converted', () => {
  const utf8 = readCsvDataset(fixture('weather.utf-8.csv'), weather).then(plain);

  it('reads Windows-1252 (Excel on Windows) with encoding windows-1252, or its label latin1, as the UTF-8 file, bit for bit', async () => {
    const expected = await utf8;
    expect(expected.inputNames).toContain('Région=Provence-Alpes-Côte d’Azur');
    expect(expected.targetNames).toEqual(['Catégorie']);
    for (const encoding of ['windows-1252', 'latin1', 'ISO-8859-1', 'cp1252']) {
      expect(plain(await readCsvDataset(fixture('weather.windows-1252.csv'), { ...weather, encoding }))).toEqual(expected);
    }
    for (const size of [1, 7, 64]) {
      expect(plain(await readCsvDataset(chunks(fixture('weather.windows-1252.csv'), size), { ...weather, encoding: 'windows-1252' }))).toEqual(expected);
    }
  });

  it('reads bytes 80–9F as Windows-1252 has them (€ ‚ ƒ … ’ “ ” Ÿ), as iconv does, where Node 20\'s TextDecoder has control characters', async () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, b) => b);
    const data = await readCsvDataset(new Uint8Array([...new TextEncoder().encode('x,y\n1,'), ...bytes.filter((b) => b >= 0x80), 0x0a]), { target: 'y', encoding: 'windows-1252' });
    const read = String(data.targets[0][0]);
    // iconv refuses the five bytes Windows leaves undefined; the Encoding Standard makes them the C1 controls of the same number.
    const undefinedBytes = [0x81, 0x8d, 0x8f, 0x90, 0x9d];
    for (const b of bytes.filter((b) => b >= 0x80)) {
      const expected = undefinedBytes.includes(b) ? String.fromCharCode(b) : execFileSync('iconv', ['-f', 'WINDOWS-1252', '-t', 'UTF-8'], { input: Uint8Array.of(b) }).toString('utf8');
      expect(read[b - 0x80], `byte 0x${b.toString(16)}`).toBe(expected);
    }
    for (const b of undefinedBytes) expect(() => execFileSync('iconv', ['-f', 'WINDOWS-1252', '-t', 'UTF-8'], { input: Uint8Array.of(b), stdio: 'pipe' })).toThrow();
  });

  it('decodes UTF-16 by its byte-order mark whatever the encoding says, and UTF-16 without one when named', async () => {
    const expected = await utf8;
    expect(plain(await readCsvDataset(fixture('weather.utf-16le-bom.csv'), weather))).toEqual(expected);
    expect(plain(await readCsvDataset(chunks(fixture('weather.utf-16be-bom.csv'), 5), { ...weather, encoding: 'windows-1252' }))).toEqual(expected);
    expect(plain(await readCsvDataset(fixture('weather.utf-16le.csv'), { ...weather, encoding: 'utf-16le' }))).toEqual(expected);
    // a UTF-8 mark decides too
    const marked = new Uint8Array([0xef, 0xbb, 0xbf, ...fixture('weather.utf-8.csv')]);
    expect(plain(await readCsvDataset(marked, { ...weather, encoding: 'windows-1252' }))).toEqual(expected);
  });

  it('reads Shift_JIS named so, as the UTF-8 file', async () => {
    const expected = plain(await readCsvDataset(fixture('cities.utf-8.csv'), cities));
    expect(expected.targets.map((row) => row[0])).toEqual(['東京', '大阪', '東京', '大阪']);
    expect(plain(await readCsvDataset(chunks(fixture('cities.shift_jis.csv'), 3), { ...cities, encoding: 'shift_jis' }))).toEqual(expected);
  });

  it('takes the encoding in every reader: readCsvInputs, readCsvCategories, readCsvBlocks', async () => {
    const bytes = fixture('weather.windows-1252.csv');
    const columns = { target: 'Catégorie', delimiter: ';', encoding: 'windows-1252' };
    const inputs = await readCsvInputs(bytes, { inputNames: ['Température', 'Humidité'], ignore: ['Région', 'Prix (€)', 'Note', 'Catégorie'], delimiter: ';', encoding: 'windows-1252' });
    expect(Array.from(inputs.inputs.data)).toEqual([21.5, 0.45, -3.25, 0.8, 35, 0.2, 18.75, 0.55, 12, 0.61, 29.5, 0.3]);
    const categories = await readCsvCategories(bytes, columns);
    expect(categories).toEqual(await readCsvCategories(fixture('weather.utf-8.csv'), { target: 'Catégorie', delimiter: ';' }));
    expect(categories.map((c) => c.name)).toEqual(['Région', 'Note']);
    expect(categories[1].categories).toContain('“canicule”');
    const labels: string[] = [];
    const summary = await readCsvBlocks(bytes, { ...columns, categories }, (block) => {
      for (let r = 0; r < block.rows; r++) labels.push(block.target(r, 0));
    });
    expect(summary.inputNames.slice(0, 2)).toEqual(['Température', 'Région=Provence-Alpes-Côte d’Azur']);
    expect(labels).toEqual(['tempéré', 'froid', 'chaud', 'tempéré', 'froid', 'chaud']);
  });
});

describe('bytes that are not UTF-8, read as UTF-8', () => {
  it('are an error naming the line, the column, the byte and the likely encoding: never U+FFFD', async () => {
    const bytes = fixture('weather.windows-1252.csv');
    const error = await readCsvDataset(bytes, weather).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(FormatError);
    expect((error as Error).message).toBe(
      'weather.csv line 1, field 1: byte 0xE9 in "Temp\\xE9rature" is not UTF-8; the file looks like Windows-1252 (Latin-1, which Excel on Windows saves as "CSV"), ' +
        'where these bytes read "Température": convert it (iconv -f WINDOWS-1252 -t UTF-8), or read it with encoding "windows-1252" (--encoding windows-1252 on the command line); ' +
        "if that is not the text, name the file's encoding in the same way (iso-8859-15, windows-1250, shift_jis, …)",
    );
  });

  it('past the header, name the column, in a target, a feature, a column of categories, and a column not read', async () => {
    // An ASCII header, and one Windows-1252 cell (é = 0xE9) on line 3 in the column named.
    const file = (column: number) => {
      const lines = ['a,b,c,y', '1,2,x,p', '3,4,x,q'];
      const text = new TextEncoder().encode(lines.join('\n') + '\n');
      const cells = lines[2].split(',');
      const at = lines[0].length + lines[1].length + 2 + cells.slice(0, column).join(',').length + (column > 0 ? 1 : 0);
      return new Uint8Array([...text.subarray(0, at), 0x63, 0x61, 0x66, 0xe9, ...text.subarray(at + 1)]);
    };
    const read = (column: number, options: object = {}) => readCsvDataset(file(column), { target: 'y', source: 'd.csv', ...options }).then(() => '', (e: Error) => e.message);
    for (const [column, name, options] of [
      [3, 'y', {}],
      [0, 'a', {}],
      [2, 'c', {}],
      [1, 'b', { features: ['a', 'c'] }],
    ] as const) {
      expect(await read(column, options)).toMatch(new RegExp(`^d\\.csv line 3, column "${name}": byte 0xE9 in "caf\\\\xE9" is not UTF-8; the file looks like Windows-1252 .* read "café"`));
    }
    // the same in a quoted field (csv-parse's path: the column too, and the value inside its quotes), and with a delimiter of two characters (the text path): the line
    const quoted = new Uint8Array([...new TextEncoder().encode('a,y\n1,"p"\n2,"'), 0xe9, ...new TextEncoder().encode('"\n')]);
    await expect(readCsvDataset(quoted, { target: 'y', source: 'q.csv' })).rejects.toThrow(/^q\.csv line 3, column "y": byte 0xE9 in "\\xE9" is not UTF-8/);
    const wide = new Uint8Array([...new TextEncoder().encode('a::y\n1::p\n2::'), 0xe9, 0x0a]);
    await expect(readCsvDataset(chunks(wide, 4), { target: 'y', source: 'w.csv', delimiter: '::' })).rejects.toThrow(/^w\.csv line 3: byte 0xE9 in "2::\\xE9" is not UTF-8/);
  });

  it('name UTF-16 without a byte-order mark, and a file that mixes UTF-8 with another encoding', async () => {
    const utf16 = fixture('weather.utf-16le.csv');
    await expect(readCsvDataset(utf16, { ...weather })).rejects.toThrow(/^weather\.csv line 1, field 1: byte 0xE9 in .* the file looks like UTF-16 .*: read it with encoding "utf-16le" \(--encoding utf-16le on the command line\), or save it as UTF-8$/);
    const mixed = new Uint8Array([...new TextEncoder().encode('x,y\n1,é '), 0xe9, 0x0a]);
    await expect(readCsvDataset(mixed, { target: 'y', source: 'm.csv' })).rejects.toThrow('m.csv line 2, column "y": byte 0xE9 in "é \\xE9" is not UTF-8; the line holds UTF-8 before it, so the file mixes encodings or is damaged');
  });

  it('in another encoding named, are an error at their line', async () => {
    const bad = new Uint8Array([...new TextEncoder().encode('x,y\n1,a\n2,'), 0x82, 0x20, 0x0a]); // 0x82 starts a two-byte Shift_JIS character; a space cannot end one
    await expect(readCsvDataset(bad, { target: 'y', source: 's.csv', encoding: 'shift_jis' })).rejects.toThrow("s.csv line 3: the bytes are not shift_jis text; name the file's encoding (encoding, --encoding on the command line), or convert it to UTF-8");
  });
});

describe('the encoding option', () => {
  it('takes the Encoding Standard\'s names and labels, and lists them for another', () => {
    for (const name of CSV_ENCODINGS) {
      let known = true;
      try {
        new TextDecoder(name);
      } catch {
        known = false; // Node 20's ICU has no iso-8859-16
      }
      if (known) expect(csvEncoding(name)).toBe(name);
      else expect(() => csvEncoding(name)).toThrow(`encoding "${name}" is an encoding this JavaScript runtime's TextDecoder does not have`);
    }
    expect(csvEncoding('UTF8')).toBe('utf-8');
    expect(csvEncoding('latin1')).toBe('windows-1252');
    expect(() => csvEncoding('ebcdic')).toThrow(ConfigError);
    expect(() => csvEncoding('ebcdic')).toThrow(/^encoding must be one of utf-8, utf-16le, utf-16be, windows-1252, .*, euc-kr, or another label of one \(latin1, iso-8859-1, cp1252, sjis, …\), got "ebcdic"$/);
    expect(() => csvEncoding('replacement')).toThrow(/got "replacement"/);
  });

  it('is an option the readers check', async () => {
    await expect(readCsvDataset('x,y\n1,2\n', { target: 'y', encoding: 'klingon' })).rejects.toThrow(ConfigError);
    await expect(readCsvInputs('x\n1\n', { inputNames: ['x'], encoding: 7 as unknown as string })).rejects.toThrow('encoding must be the name of a character encoding, such as "utf-8" or "windows-1252", got 7');
  });
});
