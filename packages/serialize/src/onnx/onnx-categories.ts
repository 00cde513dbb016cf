/**
 * A model's columns as the graph's inputs (exportOnnx with `categories: 'strings'`): its numeric
 * columns as one tensor "input" (N, k) of the graph's float type, in the order of
 * model.inputColumns, and each column of categories as a tensor of strings "input.<column>" (N, 1),
 * its cells as the CSV reader gives them (without surrounding white space). Inside, they become the
 * network's inputs (N, n_0) in the order of model.inputNames:
 *   numeric columns: Gather(input, their places, axis 1)
 *   a column of categories: Reshape to (N), OneHotEncoder (ai.onnx.ml) over its categories, in
 *   their order (one 0/1 input each; a category the model does not know gives all 0s, where core
 *   refuses it: a graph cannot refuse a row), Cast to DOUBLE for a DOUBLE graph; for a model that
 *   fills missing values, a cell that marks one (core's MISSING_MARKS in any case: OneHotEncoder
 *   over every spelling of them, ReduceMax; not StringNormalizer, which onnxruntime runs only where
 *   the locale it names is installed) takes the training means of its 0/1 inputs, as core fills them
 *   then Concat along axis 1.
 */
import { categoryColumn, MISSING_MARKS, type Model } from '@bpnn/core';
import type { OnnxGraph } from './onnx-graph.js';
import { ONNX_TYPES } from './onnx-proto.js';

/** The operator set of OneHotEncoder. */
export const ONNX_ML_DOMAIN = 'ai.onnx.ml';

/** A graph input: its name, element type and width (a tensor of shape (N, width)). */
export interface GraphInput {
  name: string;
  elemType: number;
  width: number;
}

/** Every spelling of the marks of a missing value in upper and lower case (NA, Na, nA, na, …): 50 strings. */
const MISSING_SPELLINGS: readonly string[] = MISSING_MARKS.flatMap(function spellings(mark: string): string[] {
  if (mark === '') return [''];
  const rest = spellings(mark.slice(1));
  const first = mark[0];
  const cases = first.toUpperCase() === first.toLowerCase() ? [first] : [first.toLowerCase(), first.toUpperCase()];
  return cases.flatMap((c) => rest.map((r) => c + r));
});

/** The name of a column of categories' input. */
export function categoryInputName(column: string): string {
  return `input.${column}`;
}

/** Adds the inputs of the model's columns and the nodes that encode them; returns the inputs and the encoded tensor (N, n_0). */
export function columnInputs(graph: OnnxGraph, model: Model): { inputs: GraphInput[]; encoded: string } {
  const categorical = new Map(model.categorical.map((column) => [column.name, column]));
  const numeric = model.inputColumns.filter((column) => !categorical.has(column));
  const inputs: GraphInput[] = numeric.length > 0 ? [{ name: 'input', elemType: graph.floatType, width: numeric.length }] : [];
  const pieces: string[] = [];
  let run: number[] = []; // places in "input" of numeric columns next to each other in the model
  const gather = () => {
    if (run.length === 0) return;
    pieces.push(graph.node('Gather', ['input', graph.int64Constant(`input_columns_${pieces.length}`, run, [run.length])], { axis: { int: 1 } }));
    run = [];
  };
  const flat = graph.int64Constant('flat_shape', [-1], [1]);
  for (const column of model.inputColumns) {
    const categories = categorical.get(column);
    if (categories === undefined) {
      run.push(numeric.indexOf(column));
      continue;
    }
    gather();
    const name = categoryInputName(column);
    inputs.push({ name, elemType: ONNX_TYPES.STRING, width: 1 });
    const cells = graph.node('Reshape', [name, flat]); // (N)
    let oneHot = graph.node('OneHotEncoder', [cells], { cats_strings: { strings: categories.categories }, zeros: { int: 1 } }, undefined, ONNX_ML_DOMAIN); // (N, C), FLOAT
    if (graph.floatType !== ONNX_TYPES.FLOAT) oneHot = graph.node('Cast', [oneHot], { to: { int: graph.floatType } });
    if (model.fill !== undefined) {
      const marks = graph.node('OneHotEncoder', [cells], { cats_strings: { strings: MISSING_SPELLINGS }, zeros: { int: 1 } }, undefined, ONNX_ML_DOMAIN); // (N, spellings)
      const marked = graph.node('ReduceMax', [marks], { axes: { ints: [1] }, keepdims: { int: 1 } }); // (N, 1), FLOAT
      const missing = graph.node('Greater', [marked, graph.node('Cast', [graph.scalar(0.5)], { to: { int: ONNX_TYPES.FLOAT } })]);
      const first = model.inputNames.indexOf(categoryColumn(column, categories.categories[0]));
      const means = model.fill.slice(first, first + categories.categories.length);
      oneHot = graph.node('Where', [missing, graph.constant(`fill_${pieces.length}`, means, [means.length]), oneHot]);
    }
    pieces.push(oneHot);
  }
  gather();
  return { inputs, encoded: pieces.length === 1 ? pieces[0] : graph.node('Concat', pieces, { axis: { int: 1 } }) };
}
