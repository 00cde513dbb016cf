/**
 * A target column as it is read: each row's cell as a code into the table of the distinct cells
 * seen so far (first seen, first coded), so a million rows of a few class labels hold a million
 * small integers and a few strings. A column with very many distinct cells (a regression target
 * written with many digits) stops coding past MAX_CODED and keeps each row's string instead.
 */

/** Distinct cells a column codes before it keeps strings. */
export const MAX_CODED = 1 << 16;

export class LabelColumn {
  /** The distinct cells, in the order first seen: code i is labels[i]. */
  readonly labels: string[] = [];
  private readonly index = new Map<string, number>();
  private codes = new Uint32Array(1024); // (rows) codes, while coding
  private cells: string[] | null = null; // (rows) cells, once coding gave up
  rows = 0;

  /** Adds the next row's cell. */
  push(cell: string): void {
    if (this.cells !== null) {
      this.cells.push(cell);
      this.rows++;
      return;
    }
    let code = this.index.get(cell);
    if (code === undefined) {
      if (this.labels.length === MAX_CODED) {
        this.cells = Array.from(this.codes.subarray(0, this.rows), (c) => this.labels[c]);
        this.codes = new Uint32Array(0);
        this.index.clear();
        this.push(cell);
        return;
      }
      code = this.labels.length;
      this.labels.push(cell);
      this.index.set(cell, code);
    }
    if (this.rows === this.codes.length) {
      const grown = new Uint32Array(this.codes.length * 2);
      grown.set(this.codes);
      this.codes = grown;
    }
    this.codes[this.rows++] = code;
  }

  /** Row r's cell. */
  cell(r: number): string {
    return this.cells !== null ? this.cells[r] : this.labels[this.codes[r]];
  }

  /** Row r's code, or -1 once the column keeps strings. */
  code(r: number): number {
    return this.cells !== null ? -1 : this.codes[r];
  }

  /** True while the column codes its cells (it has seen at most MAX_CODED distinct ones). */
  get coded(): boolean {
    return this.cells === null;
  }

  /** Lets go of the rows (their codes or cells), keeping the table of labels: rows count from 0 again. */
  clearRows(): void {
    this.rows = 0;
    if (this.cells !== null) this.cells = [];
  }

  /** Each row's code while the column codes, else null. */
  codeArray(): Uint32Array | null {
    return this.cells === null ? this.codes.subarray(0, this.rows) : null;
  }
}

/**
 * The rows of target cells a Dataset holds, one array per row; rows of one coded column with
 * the same label share one (frozen) array, so they cost a pointer each.
 */
export function targetRows(columns: readonly LabelColumn[], rows: number): ReadonlyArray<ReadonlyArray<string>> {
  const codes = columns.length === 1 ? columns[0].codeArray() : null;
  if (codes !== null) {
    const shared = columns[0].labels.map((label) => Object.freeze([label]));
    const out = new Array<ReadonlyArray<string>>(rows);
    for (let r = 0; r < rows; r++) out[r] = shared[codes[r]];
    return out;
  }
  return Array.from({ length: rows }, (_, r) => columns.map((column) => column.cell(r)));
}
