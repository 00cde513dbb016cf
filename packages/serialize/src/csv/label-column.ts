/**
 * A target column as it is read: each row's cell as a code into the table of the distinct cells
 * seen so far (first seen, first coded), so a million rows of a few class labels hold a million
 * small integers and a few strings, and each row's cell as a number (NaN when it is not one), so a
 * regression target needs no string at all. A column with very many distinct cells (a regression
 * target written with many digits) stops coding past MAX_CODED; it then keeps each row's string
 * (`keepText`, as readCsvDataset gives its cells as written), or, when every cell so far was a
 * number, only the numbers and the text of the rare cell that is not one.
 */

/** Distinct cells a column codes before it keeps strings or numbers only. */
export const MAX_CODED = 1 << 16;

/** How a column keeps its rows' text: codes into `labels`, each row's string, or none but its numbers. */
type Mode = 'codes' | 'cells' | 'numbers';

export class LabelColumn {
  /** The distinct cells, in the order first seen: code i is labels[i]. */
  readonly labels: string[] = [];
  private readonly index = new Map<string, number>();
  private codes = new Uint32Array(1024); // (rows) codes, in mode 'codes'
  private cells: string[] = []; // (rows) cells, in mode 'cells'
  private numbersOf = new Float64Array(1024); // (rows) each cell as a number, NaN when it is not one
  private readonly others = new Map<number, string>(); // in mode 'numbers': the cells that are not numbers, by row
  private mode: Mode = 'codes';
  private allNumbers = true; // every cell so far is a finite number
  rows = 0;

  /** `keepText`: keep each row's cell as written once coding stops (else only numbers, when they all are). */
  constructor(private readonly keepText = true) {}

  /** Adds the next row's cell (trimmed, not empty), with its value as a number when the caller has it. */
  push(cell: string, value = cell === '' ? NaN : Number(cell)): void {
    if (this.mode === 'codes') {
      let code = this.index.get(cell);
      if (code === undefined) {
        if (this.labels.length === MAX_CODED) {
          this.stopCoding();
          return this.push(cell, value);
        }
        code = this.labels.length;
        this.labels.push(cell);
        this.index.set(cell, code);
      }
      if (this.rows === this.codes.length) this.codes = grown(this.codes);
      this.codes[this.rows] = code;
    } else if (this.mode === 'cells') this.cells.push(cell);
    else if (!Number.isFinite(value)) this.others.set(this.rows, cell);
    this.pushNumber(value);
  }

  /**
   * Adds the next row's cell when it is the finite number `value`, without its text once the column
   * keeps only numbers; false when the column needs the text (the caller then calls push).
   */
  pushValue(value: number): boolean {
    if (this.mode !== 'numbers') return false;
    this.pushNumber(value);
    return true;
  }

  private pushNumber(value: number): void {
    if (!Number.isFinite(value)) this.allNumbers = false;
    if (this.rows === this.numbersOf.length) this.numbersOf = grown(this.numbersOf);
    this.numbersOf[this.rows++] = value;
  }

  private stopCoding(): void {
    if (!this.keepText && this.allNumbers) this.mode = 'numbers';
    else {
      this.mode = 'cells';
      this.cells = Array.from(this.codes.subarray(0, this.rows), (c) => this.labels[c]);
    }
    this.codes = new Uint32Array(0);
    this.index.clear();
  }

  /** Row r's cell: as written, or (a column that keeps only numbers) its number. */
  cell(r: number): string | number {
    if (this.mode === 'codes') return this.labels[this.codes[r]];
    if (this.mode === 'cells') return this.cells[r];
    return this.others.get(r) ?? this.numbersOf[r];
  }

  /** Row r's cell as a number: NaN when it is not one. */
  number(r: number): number {
    return this.numbersOf[r];
  }

  /** Row r's code, or -1 once the column does not code. */
  code(r: number): number {
    return this.mode === 'codes' ? this.codes[r] : -1;
  }

  /** False once the column keeps only numbers: a cell that is a number then needs no text. */
  get needsText(): boolean {
    return this.mode !== 'numbers';
  }

  /** True while the column codes its cells (it has seen at most MAX_CODED distinct ones). */
  get coded(): boolean {
    return this.mode === 'codes';
  }

  /** Lets go of the rows (their codes, cells and numbers), keeping the table of labels: rows count from 0 again. */
  clearRows(): void {
    this.rows = 0;
    this.cells = [];
    this.others.clear();
  }

  /** Each row's code while the column codes, else null. */
  codeArray(): Uint32Array | null {
    return this.mode === 'codes' ? this.codes.subarray(0, this.rows) : null;
  }

  /** Each row's cell as a number (NaN when it is not one), (rows). */
  numberArray(): Float64Array {
    return this.numbersOf.subarray(0, this.rows);
  }

  /** In a column that keeps only numbers: the rows whose cell is not a number, with their text. */
  otherCells(): ReadonlyMap<number, string> {
    return this.others;
  }
}

/** The array with twice the room, its values kept. */
function grown<T extends Uint32Array | Float64Array>(array: T): T {
  const out = new (array.constructor as new (length: number) => T)(Math.max(1024, array.length * 2));
  out.set(array);
  return out;
}

/**
 * The rows of target cells a Dataset holds, one array per row; rows of one coded column with
 * the same label share one (frozen) array, so they cost a pointer each.
 */
export function targetRows(columns: readonly LabelColumn[], rows: number): ReadonlyArray<ReadonlyArray<string | number>> {
  const codes = columns.length === 1 ? columns[0].codeArray() : null;
  if (codes !== null) return sharedRows(columns[0].labels, codes);
  return Array.from({ length: rows }, (_, r) => columns.map((column) => column.cell(r)));
}

/** The rows of one coded column, (codes.length): rows of one label share one frozen array. */
export function sharedRows(labels: readonly string[], codes: Uint32Array): ReadonlyArray<ReadonlyArray<string>> {
  const shared = labels.map((label) => Object.freeze([label]));
  const out = new Array<ReadonlyArray<string>>(codes.length);
  for (let r = 0; r < codes.length; r++) out[r] = shared[codes[r]];
  return out;
}
