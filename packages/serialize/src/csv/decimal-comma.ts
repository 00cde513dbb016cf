/**
 * Numbers written with a decimal comma (`1,5`, `-0,25`, `1,5e3`), as spreadsheets in much of
 * Europe save CSV (with `;` between fields): the `decimal` option of every CSV reader. With
 * `decimal: ','` a feature or target cell that is such a number is read as its decimal-point twin
 * (`1,5` → `1.5`) before anything else sees it, so the one number rule (core's cellNumber) reads
 * it. A cell that holds a point as well is refused, never guessed: `1.5` (which pandas with
 * decimal=',' keeps as a string) is an error naming the cell, and so is `1.234,5` or `1.234`
 * unless `thousands: '.'` says the point groups digits; with it, `1.234,5` is 1234.5 and
 * `1.234.567` is 1234567, and a point not grouping threes (`1.5`) is still an error.
 */
import { ConfigError, DataError, show } from '@bpnn/core';
import { quoted } from './quoted.js';

/** How a file writes numbers other than with a decimal point: read by commaCell. */
export interface NumberFormat {
  decimal: ',';
  thousands?: '.';
}

/** The decimal mark a CSV reader takes; '.' is the default. */
export const DECIMAL_MARKS = ['.', ','] as const;

/**
 * The number format of a reader's `decimal` and `thousands` options, checked against the delimiter
 * (a comma cannot both separate fields and mark decimals); undefined for the default, a decimal
 * point, which needs no rewriting.
 */
export function numberFormat(decimal: unknown, thousands: unknown, delimiter: string): NumberFormat | undefined {
  if (decimal !== undefined && !DECIMAL_MARKS.includes(decimal as '.')) throw new ConfigError('decimal', `must be "." or "," (the mark between a number's whole part and its fraction), got ${show(decimal)}`);
  if (thousands !== undefined && thousands !== '.') throw new ConfigError('thousands', `must be "." (the mark that groups digits in threes, with decimal ","), got ${show(thousands)}`);
  if (decimal !== ',') {
    if (thousands !== undefined) throw new ConfigError('thousands', `"." groups digits only with decimal ","; got decimal ${show(decimal ?? '.')}`);
    return undefined;
  }
  if (delimiter === ',') throw new ConfigError('decimal', 'is ",", the delimiter too: a comma cannot both separate fields and mark decimals; read the file with delimiter ";" (--delimiter ";" on the command line), as files with a decimal comma are written');
  if (thousands !== undefined && delimiter === thousands) throw new ConfigError('thousands', `is "${thousands}", the delimiter too; give one or the other`);
  return thousands === '.' ? { decimal: ',', thousands: '.' } : { decimal: ',' };
}

const COMMA_NUMBER = /^[+-]?(?:\d+(?:,\d*)?|,\d+)(?:[eE][+-]?\d+)?$/;
const GROUPED_NUMBER = /^[+-]?\d{1,3}(?:\.\d{3})+(?:,\d*)?(?:[eE][+-]?\d+)?$/;
/** Digits, points and commas only (with a sign and an exponent): a number to a person, whatever its marks mean. */
const POINTED_NUMBER = /^[+-]?[\d.,]*\d[\d.,]*(?:[eE][+-]?\d+)?$/;

/**
 * A cell (a feature's or a target's) of a file written in `format`, as a decimal point writes it:
 * `1,5` is `1.5`, a word or an integer is itself, and a number with a point the format does not
 * take, or with two commas (`1,234,5`), is a DataError naming the line, column and cell.
 */
export function commaCell(cell: string, format: NumberFormat, source: string, line: number, column: string): string {
  if (cell.indexOf(',') < 0 && cell.indexOf('.') < 0) return cell; // an integer, a word, NA, Infinity
  const text = cell.trim();
  if (COMMA_NUMBER.test(text)) return text.replace(',', '.');
  if (format.thousands === '.' && GROUPED_NUMBER.test(text)) return text.replaceAll('.', '').replace(',', '.');
  if (!POINTED_NUMBER.test(text)) return cell; // a word: a category, a class, or an error the reader names
  const grouped = GROUPED_NUMBER.test(text);
  const why = text.indexOf('.') < 0
    ? 'more than one comma, but the file is read with decimal ",", which a number has once'
    : format.thousands === '.'
    ? 'a point that does not group digits in threes, but the file is read with decimal "," and thousands "."'
    : grouped
      ? 'a point, but the file is read with decimal ","; if the point groups thousands, read it with thousands "." too (--thousands . on the command line)'
      : 'a decimal point, but the file is read with decimal ","; if the file writes numbers with a decimal point, read it without decimal "," (the default is ".")';
  throw new DataError(`${source} line ${line}, column ${quoted(column)}: ${quoted(text)} has ${why}`);
}

/**
 * For a cell that core's numberLike calls `like` (read with a decimal point): when it is a number
 * written with a comma, the remedy this reader has for it; else ''.
 */
export function decimalCommaRemedy(like: string): string {
  return like.includes('comma') ? '; if the file writes a decimal comma, read it with decimal "," (--decimal , on the command line, with a delimiter other than ",", such as --delimiter ";")' : '';
}
