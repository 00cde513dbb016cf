/**
 * A Model as a standalone JavaScript module that `import` (ES module) or `require` (CommonJS)
 * can load, with its TypeScript declarations: the function of js-function.ts, exported under its
 * name (and as the default export of the ES module), with the model's input and output names.
 *
 *   ESM:  export { bpnnModel }; export default bpnnModel; export const inputNames, outputNames
 *   CJS:  exports.bpnnModel = bpnnModel; exports.inputNames = …; exports.outputNames = …
 *
 * The declarations type the input as an array of numbers or an object with one number per input
 * column, and the output as an array or, with `outputs: 'object'`, an object keyed by label or
 * target name; a module and its declarations go side by side (model.mjs + model.d.mts,
 * model.cjs + model.d.cts, model.js + model.d.ts).
 */
import type { Model } from '@bpnn/core';
import { exportJsFunction, type JsFunctionOptions } from './js-function.js';

export type JsModuleFormat = 'esm' | 'cjs';

export interface JsModuleOptions extends JsFunctionOptions {
  /** 'esm' (default): an ES module for `import`; 'cjs': a CommonJS module for `require`. */
  format?: JsModuleFormat;
}

export interface JsModule {
  /** The module's source. */
  code: string;
  /** Its TypeScript declarations (a .d.mts, .d.cts or .d.ts file). */
  declarations: string;
}

export function exportJsModule(model: Model, options: JsModuleOptions = {}): JsModule {
  const name = options.name ?? 'bpnnModel';
  const format = options.format ?? 'esm';
  const outputNames = model.task === 'classification' ? model.labels! : model.targetNames;
  const names = (list: readonly string[]) => `[${list.map((n) => JSON.stringify(n)).join(', ')}]`;
  const fn = exportJsFunction(model, options);
  const code = format === 'esm'
    ? `${fn}export const inputNames = Object.freeze(${names(model.inputNames)});\nexport const outputNames = Object.freeze(${names(outputNames)});\nexport { ${name} };\nexport default ${name};\n`
    : `'use strict';\n${fn}exports.${name} = ${name};\nexports.inputNames = Object.freeze(${names(model.inputNames)});\nexports.outputNames = Object.freeze(${names(outputNames)});\n`;

  const keyed = (list: readonly string[], modifier: string) => `{ ${list.map((n) => `${modifier}${JSON.stringify(n)}: number;`).join(' ')} }`;
  const what = model.task === 'classification' ? `the probabilities of the classes ${outputNames.join(', ')}` : `the predicted ${outputNames.join(', ')}`;
  const declarations = [
    `/** The raw features, in the order of inputNames, or keyed by column name; they are scaled inside. */`,
    `export type Input = readonly number[] | ${keyed(model.inputNames, 'readonly ')};`,
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
