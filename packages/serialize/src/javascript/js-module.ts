/**
 * A Model as a standalone JavaScript module that `import` (ES module) or `require` (CommonJS)
 * can load, with its TypeScript declarations: the function of js-function.ts, exported under its
 * name (and as the default export of the ES module), with the model's input and output names.
 *
 *   ESM:  export { bpnnModel }; export default bpnnModel; export const inputNames, outputNames
 *   CJS:  exports.bpnnModel = bpnnModel; exports.inputNames = …; exports.outputNames = …
 *
 * The declarations type the input as an array of numbers or an object with one number per input
 * column (a model with columns of categories also takes an object keyed by its columns, a category
 * as one of its strings; a model that fills missing values takes null), and the output as an array or, with `outputs: 'object'`, an object keyed by label or
 * target name; a module and its declarations go side by side (model.mjs + model.d.mts,
 * model.cjs + model.d.cts, model.js + model.d.ts).
 */
import { checkOptions, ConfigError, optionNames, type Model } from '@bpnn/core';
import { commentText } from './comment-text.js';
import { checkFunctionName, exportJsFunction, type JsFunctionOptions } from './js-function.js';
import { checkModel } from '../model-argument.js';

/** The module system of an exported model: an ES module (`import`) or CommonJS (`require`). */
export type JsModuleFormat = 'esm' | 'cjs';

/** The options of {@link exportJsModule}: the function's, and the module system. */
export interface JsModuleOptions extends JsFunctionOptions {
  /** 'esm' (default): an ES module for `import`; 'cjs': a CommonJS module for `require`. */
  format?: JsModuleFormat;
}

/** An exported model: the module's source and its TypeScript declarations, to be saved side by side. */
export interface JsModule {
  /** The module's source. */
  code: string;
  /** Its TypeScript declarations (a .d.mts, .d.cts or .d.ts file). */
  declarations: string;
}

/**
 * A Model as the source of a standalone ES module or CommonJS module, with its declarations; its
 * predictions equal `model.predict`'s. Unknown options are a ConfigError.
 */
export function exportJsModule(model: Model, options: JsModuleOptions = {}): JsModule {
  checkOptions(options, optionNames<JsModuleOptions>({ name: true, outputs: true, format: true }), 'exportJsModule');
  const { format = 'esm', ...functionOptions } = options;
  if (format !== 'esm' && format !== 'cjs') throw new ConfigError('format', `must be esm or cjs, got ${JSON.stringify(format)}`);
  checkModel(model, 'exportJsModule');
  // The module's other top-level names: its exports, and in CommonJS the module wrapper's parameters.
  const name = checkFunctionName(options.name ?? 'bpnnModel', ['inputNames', 'outputNames', ...(format === 'cjs' ? ['exports', 'module', 'require', '__filename', '__dirname'] : [])]);
  const outputNames = model.task === 'classification' ? model.labels! : model.targetNames;
  const names = (list: readonly string[]) => `[${list.map((n) => JSON.stringify(n)).join(', ')}]`;
  const fn = exportJsFunction(model, functionOptions);
  const code = format === 'esm'
    ? `${fn}export const inputNames = Object.freeze(${names(model.inputNames)});\nexport const outputNames = Object.freeze(${names(outputNames)});\nexport { ${name} };\nexport default ${name};\n`
    : `'use strict';\n${fn}exports.${name} = ${name};\nexports.inputNames = Object.freeze(${names(model.inputNames)});\nexports.outputNames = Object.freeze(${names(outputNames)});\n`;

  // A model that fills missing values takes null for any input; a column of categories, by its own key, one of its categories.
  const value = model.fill === undefined ? 'number' : 'number | null';
  const keyed = (list: readonly string[], modifier: string, type = (_: string) => 'number') => `{ ${list.map((n) => `${modifier}${JSON.stringify(n)}: ${type(n)};`).join(' ')} }`;
  const categories = new Map(model.categorical.map((c) => [c.name, c.categories]));
  const byColumn = (n: string) => (categories.has(n) ? `${categories.get(n)!.map((c) => JSON.stringify(c)).join(' | ')}${model.fill === undefined ? '' : ' | null'}` : value);
  const what = model.task === 'classification' ? `the probabilities of the classes ${commentText(outputNames.join(', '))}` : `the predicted ${commentText(outputNames.join(', '))}`;
  const declarations = [
    `/** The raw features, in the order of inputNames, or keyed by column name${categories.size > 0 ? ' (or by the columns, a category as a string)' : ''}; they are scaled inside${model.fill === undefined ? '' : ', and null takes its training mean'}. */`,
    `export type Input = readonly (${value})[] | ${keyed(model.inputNames, 'readonly ', () => value)}${categories.size > 0 ? ` | ${keyed(model.inputColumns, 'readonly ', byColumn)}` : ''};`,
    `/** ${what[0].toUpperCase()}${what.slice(1)}${options.outputs === 'object' ? ', keyed by name' : ', in the order of outputNames'}. */`,
    `export type Output = ${options.outputs === 'object' ? keyed(outputNames, '') : 'number[]'};`,
    `/** The bpnn ${model.task} model (layers ${model.network.layers.join('-')}); throws on a missing or non-numeric input. */`,
    `export declare function ${name}(input: Input): Output;`,
    `export declare const inputNames: readonly ${names(model.inputNames)};`,
    `export declare const outputNames: readonly ${names(outputNames)};`,
    ...(format === 'esm' ? [`export default ${name};`] : []),
  ];
  return { code, declarations: `${declarations.join('\n')}\n` };
}
