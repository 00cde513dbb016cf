import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError, DataError, FormatError, MissingValueError } from '@bpnn/core';
import { describe, expect, it } from 'vitest';
import { readCsvDataset } from './csv.js';
import { readCsvInputs } from './csv-inputs.js';
import { cellNumber } from '@bpnn/core';

const dataFile = (name: string) => readFileSync(fileURLToPath(new URL(`../../../../data/${name}`, import.meta.url)));

describe('readCsvDataset', () => {
  it('reads iris: four numeric features by header name and string class labels', async () => {
    const data = await readCsvDataset(dataFile('iris.csv'), { target: 'species', source: 'iris.csv' });
    expect(data.inputNames).toEqual(['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)']);
    expect(data.targetNames).toEqual(['species']);
    expect(data.targets).toHaveLength(150);
    expect(data.targets[0]).toEqual(['setosa']);
    expect(data.targets[149]).toEqual(['virginica']);
    expect((data.inputs as { row(r: number): Float64Array }).row(0)).toEqual(Float64Array.of(5.1, 3.5, 1.4, 0.2));
  });

  it('reads column names with spaces, quoted or not, and streams chunks split anywhere', async () => {
    const text = '"mean radius",mean texture,"diag, nosis"\r\n17.99,10.38,malignant\r\n"20.57",17.77,"benign"\r\n';
    async function* chunks() {
      for (let i = 0; i < text.length; i += 7) yield new TextEncoder().encode(text.slice(i, i + 7));
    }
    const data = await readCsvDataset(chunks(), { target: 'diag, nosis' });
    expect(data.inputNames).toEqual(['mean radius', 'mean texture']);
    expect(data.targets).toEqual([['malignant'], ['benign']]);
    expect(Array.from((data.inputs as { data: Float64Array }).data)).toEqual([17.99, 10.38, 20.57, 17.77]);
  });

  it('picks features by name and several targets', async () => {
    const data = await readCsvDataset('a,b,c,d\n1,2,3,4\n5,6,7,8\n', { target: ['d', 'b'], features: ['c'] });
    expect(data.inputNames).toEqual(['c']);
    expect(data.targets).toEqual([
      ['4', '2'],
      ['8', '6'],
    ]);
  });

  it('names the file, line and column of a bad cell', async () => {
    const read = (text: string, target = 'y') => readCsvDataset(text, { target, source: 'data.csv' });
    await expect(read('x,z,y\n1,2,a\n3,,b\n')).rejects.toThrow(new MissingValueError('data.csv line 3, column "z": missing value'));
    await expect(read('x,z,y\n1,2,a\n3,four,b\n')).rejects.toThrow(
      new DataError('data.csv line 3, column "z": "four" is not a number (column "z" is read as numbers: its cell on the first row, line 2, is a number; name it as categorical to read its cells as categories)'),
    );
    // a number's name that is not finite gets no hint about categories
    await expect(read('x,z,y\n1,2,a\n3,-Infinity,b\n')).rejects.toThrow(new DataError('data.csv line 3, column "z": "-Infinity" is not a number'));
    await expect(read('x,z,y\n1,2,a\n3,4\n')).rejects.toThrow('data.csv line 3: 2 fields, but the header has 3');
    await expect(read('x,z,y\n1,2,\n')).rejects.toThrow('data.csv line 2, column "y": missing value');
    await expect(read('x,z,y\n1,2,a\n', 'species')).rejects.toThrow('data.csv: no target column "species"; the columns are "x", "z", "y"');
    await expect(read('')).rejects.toThrow('data.csv: empty, expected a header row of column names');
    await expect(read('x,z,y\n')).rejects.toThrow('data.csv: has a header but no data rows');
    await expect(read('x,z,y\n1,"2,a\n')).rejects.toThrow(FormatError);
    await expect(read('x,z,y\n1,"2,a\n')).rejects.toThrow(/^data\.csv line 2, column "z": the quote that opens this field, "\\"2,a", is never closed/);
  });
  it('says when a header that lacks the column asked for is the file in another dialect: another separator, UTF-16', async () => {
    const hint = (c: string) => `(the header is one column that holds ${c}: if that separates the fields, read the file with delimiter ${c}, --delimiter on the command line)`;
    await expect(readCsvDataset('x;z;y\n1;2;a\n', { target: 'y', source: 'eu.csv' })).rejects.toThrow(`eu.csv: no target column "y"; the columns are "x;z;y" ${hint('";"')}`);
    await expect(readCsvDataset('x\tz\ty\n1\t2\ta\n', { target: 'y', source: 'tab.txt' })).rejects.toThrow(`tab.txt: no target column "y"; the columns are "x\\tz\\ty" ${hint('"\\t"')}`);
    expect((await readCsvDataset('x;z;y\n1;2;a\n', { target: 'y', delimiter: ';' })).inputNames).toEqual(['x', 'z']); // as the hint says
    // Excel's "Unicode text" is UTF-16LE with a byte-order mark, which names it (encoding.test.ts); without the mark, its ASCII is UTF-8 with a NUL in every other byte
    const utf16 = new Uint8Array(Buffer.from('x\tz\ty\r\n1\t2\ta\r\n', 'utf16le'));
    await expect(readCsvDataset(utf16, { target: 'y', source: 'excel.txt', delimiter: '\t' })).rejects.toThrow(/^excel\.txt: no target column "y"; .* \(the file looks like UTF-16 text, which has a NUL byte in every ASCII character: save it as UTF-8\)$/);
    await expect(readCsvInputs('a;b\n1;2\n', { inputNames: ['a', 'b'], source: 'eu.csv' })).rejects.toThrow(`eu.csv: missing the model's input columns "a", "b"; the model takes "a", "b" ${hint('";"')}`);
    // a header of one column with no other separator in it says nothing more
    await expect(readCsvDataset('x\n1\n', { target: 'y', source: 'one.csv' })).rejects.toThrow(new DataError('one.csv: no target column "y"; the columns are "x"'));
  });

  it('checks target cells against the classes given, naming the line of the first that is none of them', async () => {
    const read = (text: string) => readCsvDataset(text, { target: 'y', source: 'new.csv', classes: ['1', 'b', 'c'] });
    expect((await read('x,y\n1,b\n\n2, 1\n3,c\n')).targets).toEqual([['b'], ['1'], ['c']]);
    await expect(read('x,y\n1,b\n\n"2",d\n3,c\n')).rejects.toThrow(new DataError('new.csv line 4, column "y": "d" is not a class the model knows ("1", "b", "c")'));
    await expect(read('x,y\n1,b\n2,NA\n')).rejects.toThrow('new.csv line 3, column "y": "NA" is not a class the model knows ("1", "b", "c"); a target cannot be missing');
    await expect(readCsvDataset('x,y,z\n1,b,c\n', { target: ['y', 'z'], classes: ['b'] })).rejects.toThrow('classes are the classes of one target column, got 2 targets (y, z)');
  });

  it("refuses, for float32, a number beyond float32's range, naming the cell; float64 reads it", async () => {
    const message = 'data.csv line 3, column "x": "-1e39" is beyond float32\'s range (±3.4e38); read the data as float64 (bpnn train --dtype float64), or divide the column by a power of ten';
    for (const text of ['x,y\n1,a\n-1e39,b\n', 'x,y\n1,a\n"-1e39",b\n']) {
      for (const source of [text, new TextEncoder().encode(text)]) {
        await expect(readCsvDataset(source, { target: 'y', source: 'data.csv', dtype: 'float32' })).rejects.toThrow(new DataError(message));
      }
    }
    // the largest float32 and what rounds to it are read
    const edge = await readCsvDataset('x,y\n3.4028235e38,a\n-3.4028235677973e38,b\n', { target: 'y', dtype: 'float32' });
    expect(Array.from((edge.inputs as { data: Float32Array }).data)).toEqual([3.4028234663852886e38, -3.4028234663852886e38]);
    const wide = await readCsvDataset('x,y\n1,a\n-1e39,b\n', { target: 'y', dtype: 'float64' });
    expect(Array.from((wide.inputs as { data: Float64Array }).data)).toEqual([1, -1e39]);
  });

  it('reads 0x10, 0o7 and 0b11 as text, as spreadsheets and pandas do, not as the numbers JavaScript makes of them', async () => {
    expect([cellNumber('0x10'), cellNumber(' 0X1f'), cellNumber('0o7'), cellNumber('0b11')]).toEqual([NaN, NaN, NaN, NaN]);
    expect([cellNumber('010'), cellNumber(' 12 '), cellNumber('1e3'), cellNumber('.5'), cellNumber('-0')]).toEqual([10, 12, 1000, 0.5, -0]);
    // below a number, in text and in bytes (the fast paths), in a feature column: not a number
    for (const source of ['x,y\n1,a\n0x10,b\n', new TextEncoder().encode('x,y\n1,a\n0b11,b\n')]) {
      await expect(readCsvDataset(source, { target: 'y', source: 'data.csv' })).rejects.toThrow(/^data\.csv line 3, column "x": "0(x10|b11)" is not a number/);
    }
    // on the first row: a column of categories
    const words = await readCsvDataset('x,y\n0x10,1\n0x20,2\n0x10,3\n', { target: 'y' });
    expect(words.inputNames).toEqual(['x=0x10', 'x=0x20']);
    // a target column of such cells: labels, not numbers
    const labels = await readCsvDataset('x,y\n1,0x1\n2,0x2\n', { target: 'y' });
    expect(labels.targets).toEqual([['0x1'], ['0x2']]);
  });
});

describe('readCsvDataset header and separators', () => {
  it('refuses a header with a repeated or empty column name, naming both positions', async () => {
    await expect(readCsvDataset('a,b,a\n1,2,3\n', { target: 'b', source: 'd.csv' })).rejects.toThrow(
      new DataError('d.csv line 1: columns 1 and 3 are both named "a"; rename one'),
    );
    await expect(readCsvDataset('\n\na,,y\n1,2,3\n', { target: 'y', source: 'd.csv' })).rejects.toThrow(
      'd.csv line 3: column 2 has no name; every column needs one in the header row',
    );
  });

  it('reads semicolon-separated files when told', async () => {
    const data = await readCsvDataset('x;label\n1.5;a\n-2;b\n', { target: 'label', delimiter: ';' });
    expect(data.inputNames).toEqual(['x']);
    expect(Array.from((data.inputs as { data: Float64Array }).data)).toEqual([1.5, -2]);
    expect(data.targets).toEqual([['a'], ['b']]);
  });
});

describe('readCsvDataset refuses options it cannot use', () => {
  const csv = 'a,b\n1,2\n';
  it('a target that is not a name or a non-empty list, missing that is not true or false, a delimiter that is empty, a quote or a line break', async () => {
    await expect(readCsvDataset(csv, { target: 2 as never })).rejects.toThrow(new ConfigError('target', "must be the target column's name or a list of at least one, such as 'species' or ['x', 'y'], got 2"));
    await expect(readCsvDataset(csv, { target: [] })).rejects.toThrow(/^target must be the target column's name or a list of at least one.*got \[\]$/);
    await expect(readCsvDataset(csv, { target: 'b', missing: 'yes' as never })).rejects.toThrow(new ConfigError('missing', 'must be true or false, got "yes"'));
    for (const [delimiter, shown] of [['"', '"\\""'], ['\n', '"\\n"'], ['\r', '"\\r"'], ['', '""']]) {
      await expect(readCsvDataset(csv, { target: 'b', delimiter })).rejects.toThrow(new ConfigError('delimiter', `must be the text between fields, such as "," or ";" (not empty, and without a quote or a line break), got ${shown}`));
    }
  });
});
