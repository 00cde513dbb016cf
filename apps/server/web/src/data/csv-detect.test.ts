import { describe, expect, it } from 'vitest';
import { detectCsvFormat } from './csv-detect.js';

describe("the page's guess of a CSV file's format", () => {
  it('reads a comma file as commas, however many commas its quoted fields hold', () => {
    const csv = 'name,"note, with commas",x,y\n"Smith, J.","a, b, c",1.5,a\n"Doe, K.","d",2,b\n';
    expect(detectCsvFormat(csv)).toEqual({ delimiter: ',', decimal: '.' });
    // Quoted decimal commas in a comma file: still a decimal point (a comma cannot be both).
    expect(detectCsvFormat('a,b,y\n"1,5","2,25",x\n"3,5","4,0",y\n')).toEqual({ delimiter: ',', decimal: '.' });
  });

  it('reads a semicolon file with decimal commas, CRLF and all, as ";" and ","', () => {
    const csv = 'Länge;Breite;Klasse\r\n5,1;3,5;setosa\r\n-0,25;1,5e3;versicolor\r\n7;,5;virginica\r\n';
    expect(detectCsvFormat(csv)).toEqual({ delimiter: ';', decimal: ',' });
    // Digits grouped by points beside a decimal comma: thousands ".".
    expect(detectCsvFormat('Preis;Menge;y\n1.234,5;2;a\n12,75;3;b\n')).toEqual({ delimiter: ';', decimal: ',', thousands: '.' });
  });

  it('reads a semicolon file whose numbers have points as ";" and "."', () => {
    expect(detectCsvFormat('a;b;y\n5.1;3.5;setosa\n4.9;3;versicolor\n')).toEqual({ delimiter: ';', decimal: '.' });
    // Integers only: nothing says comma, so the server's default.
    expect(detectCsvFormat('a;b;y\n5;3;x\n4;3;y\n')).toEqual({ delimiter: ';', decimal: '.' });
  });

  it('reads tab files, with decimal points or commas', () => {
    expect(detectCsvFormat('a\tb\ty\n1.5\t2\tx\n3\t4.25\ty\n')).toEqual({ delimiter: '\t', decimal: '.' });
    expect(detectCsvFormat('a\tb\ty\n1,5\t2\tx\n3\t4,25\ty\n')).toEqual({ delimiter: '\t', decimal: ',' });
  });

  it('prefers the delimiter that every record agrees with, then the widest header', () => {
    // A ";" file whose header has a comma in a name: "," splits the header but not the records alike.
    expect(detectCsvFormat('Höhe, m;Gewicht;y\n1,80;75;a\n1,65;60,5;b\n')).toEqual({ delimiter: ';', decimal: ',' });
    // Both "," and "|" split every line alike: the one giving more columns.
    expect(detectCsvFormat('a|b,c|y\n1|u,v|x\n4.5|w,z|y\n')).toEqual({ delimiter: '|', decimal: '.' });
  });

  it('reads a one-column file, and an empty one, with the default ","', () => {
    expect(detectCsvFormat('x\n1.5\n2\n')).toEqual({ delimiter: ',', decimal: '.' });
    expect(detectCsvFormat('')).toEqual({ delimiter: ',', decimal: '.' });
  });

  it('looks only at the first lines of a large file, a last line cut short left out', () => {
    const head = 'a;b;y\n' + '1,5;2,5;x\n'.repeat(8000);
    expect(head.length).toBeGreaterThan(64 * 1024);
    expect(detectCsvFormat(`${head}9;9\n`)).toEqual({ delimiter: ';', decimal: ',' });
  });
});
