/**
 * A Model as the source of one dependency-free JavaScript function (like brain.js's toFunction):
 * raw features in, the model's outputs out, with the input scaling and target unscaling inside.
 * Each activation is written with the same formula as core's activations.ts, in float64. A model
 * with columns of categories also takes an object keyed by its columns, a category as a string
 * (encoded inside as its 0/1 inputs); a model that fills missing values fills null (or a key left
 * out, or NaN) with its training means.
 */
import { ConfigError, show, STEPWISE, type Activation, type Model } from '@bpnn/core';
import { checkModel } from '../model-argument.js';
import { checkOptions, optionNames } from '@bpnn/core';
import { denseLayers } from '../dense-layers.js';
import { commentText } from './comment-text.js';

/** The options of {@link exportJsFunction}. */
export interface JsFunctionOptions {
  /** The function's name, default "bpnnModel"; must be a JavaScript identifier. */
  name?: string;
  /** 'array' (default): outputs in order; 'object': keyed by class label or target name. */
  outputs?: 'array' | 'object';
}

/**
 * Words that cannot name a function in an ES module (strict mode code): the reserved words,
 * those reserved in strict mode and in modules (let, static, yield, await, implements, …), and
 * eval and arguments, which strict mode does not let a declaration bind.
 */
const RESERVED_WORDS = new Set([
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum', 'export', 'extends',
  'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null', 'return', 'super', 'switch', 'this',
  'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with',
  'let', 'static', 'yield', 'await', 'implements', 'interface', 'package', 'private', 'protected', 'public', 'eval', 'arguments',
]);

/** The globals the generated code calls: a function of one of these names would hide it from its own body. */
const GLOBALS_USED = ['Array', 'Error', 'Infinity', 'JSON', 'Math', 'NaN', 'Number', 'Object', 'String', 'isFinite', 'isNaN', 'undefined'];

/**
 * The generated function's name, checked: a JavaScript identifier, neither a reserved word nor a
 * global the code uses, nor one of `taken` (the other top-level names of a module around it).
 */
export function checkFunctionName(name: unknown, taken: readonly string[] = []): string {
  const refuse = (why: string) => new ConfigError('name', `must be a JavaScript identifier${why}, got ${show(name)}`);
  if (typeof name !== 'string' || !/^[A-Za-z_$][\w$]*$/.test(name)) throw refuse('');
  if (RESERVED_WORDS.has(name)) throw refuse(' that is not a reserved word (it cannot name a function in an ES module)');
  if (GLOBALS_USED.includes(name)) throw refuse(` that the generated code does not use (${name} is a global it calls, which the function would hide)`);
  if (taken.includes(name)) throw refuse(` other than the module's own top-level names (${taken.join(', ')})`);
  return name;
}

/** `z ↦ f(z)` for an element-wise activation, as JavaScript source. */
function activationSource(act: Activation): string {
  switch (act.name) {
    case 'sigmoid':
      return '(z) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)))';
    case 'tanh':
      return 'Math.tanh';
    case 'relu':
      return '(z) => (z > 0 ? z : 0)';
    case 'leaky-relu':
      return `(z) => (z > 0 ? z : ${act.params.alpha} * z)`;
    case 'elu':
      return `(z) => (z > 0 ? z : ${act.params.alpha} * Math.expm1(z))`;
    case 'softplus':
      return '(z) => (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)))';
    case 'linear':
      return '(z) => z';
    case 'elliot':
      return '(z) => z / 2 / (1 + Math.abs(z)) + 0.5';
    case 'elliot-symmetric':
      return '(z) => z / (1 + Math.abs(z))';
    case 'gaussian':
      return '(z) => Math.exp(-z * z)';
    case 'gaussian-symmetric':
      return '(z) => 2 * Math.exp(-z * z) - 1';
    case 'sin':
      return '(z) => Math.sin(z) / 2 + 0.5';
    case 'cos':
      return '(z) => Math.cos(z) / 2 + 0.5';
    case 'sin-symmetric':
      return 'Math.sin';
    case 'cos-symmetric':
      return 'Math.cos';
    case 'linear-piece':
      return '(z) => (z < 0 ? 0 : z > 1 ? 1 : z)';
    case 'linear-piece-symmetric':
      return '(z) => (z < -1 ? -1 : z > 1 ? 1 : z)';
    case 'threshold':
      return '(z) => (z < 0 ? 0 : 1)';
    case 'threshold-symmetric':
      return '(z) => (z < 0 ? -1 : 1)';
    case 'sigmoid-stepwise':
    case 'tanh-stepwise': {
      const { at, to, min, max } = STEPWISE[act.name];
      return `((at, to) => (z) => {
      if (z < at[0]) return ${min};
      if (z >= at[5]) return ${max};
      let k = 0;
      while (k < 4 && z >= at[k + 1]) k++;
      return ((to[k + 1] - to[k]) * (z - at[k])) / (at[k + 1] - at[k]) + to[k];
    })(${JSON.stringify(at)}, ${JSON.stringify(to)})`;
    }
    case 'softmax':
      return 'softmax';
  }
}

const SOFTMAX = `  // e^(z_j − max z) / Σ_k e^(z_k − max z): shifting by the max changes nothing but overflow
  const softmax = (z) => {
    const max = Math.max(...z);
    const e = z.map((v) => Math.exp(v - max));
    const sum = e.reduce((s, v) => s + v, 0);
    return e.map((v) => v / sum);
  };
`;

/**
 * The lines that set the 0/1 inputs of each column of categories given by its own key (a category
 * as a string; with fill, null or a key left out is missing: NaN in each 0/1 input).
 */
function CATEGORIES(categorical: { name: string; categories: readonly string[]; first: number }[]): string[] {
  return [
    `  const categorical = ${JSON.stringify(categorical)};`,
    '  if (!Array.isArray(input) && input != null) {',
    '    for (const { name: column, categories, first } of categorical) {',
    '      if (!(column in input)) continue;',
    '      const cell = input[column];',
    '      const k = cell === null || cell === undefined ? -1 : categories.indexOf(String(cell));',
    '      if (k < 0 && cell !== null && cell !== undefined) throw new Error(`input ${column} must be one of ${categories.join(", ")}, got ${cell}`);',
    '      for (let j = 0; j < categories.length; j++) raw[first + j] = k < 0 ? null : j === k ? 1 : 0;',
    '    }',
    '  }',
  ];
}

/** The source of `function name(input) { … }`: input is an array of raw features or an object keyed by column name. */
export function exportJsFunction(model: Model, options: JsFunctionOptions = {}): string {
  checkOptions(options, optionNames<JsFunctionOptions>({ name: true, outputs: true }), 'exportJsFunction');
  checkModel(model, 'exportJsFunction');
  const name = checkFunctionName(options.name ?? 'bpnnModel');
  if (options.outputs !== undefined && options.outputs !== 'array' && options.outputs !== 'object') {
    throw new ConfigError('outputs', `must be array or object, got ${show(options.outputs)}`);
  }
  const layers = denseLayers(model).map((layer) => ({
    n: layer.inputs,
    m: layer.outputs,
    weight: Array.from(layer.weight),
    bias: Array.from(layer.bias),
    f: layer.activation,
  }));
  const outputNames = model.task === 'classification' ? model.labels! : model.targetNames;
  const target = model.targetScaler;
  const { fill } = model;
  const categorical = model.categorical.map(({ name: column, categories }) => ({ name: column, categories, first: model.inputNames.indexOf(`${column}=${categories[0]}`) }));
  const lines = [
    `function ${name}(input) {`,
    `  // bpnn ${model.task} model, generated by @bpnn/serialize; layers ${model.network.layers.join('-')}.`,
    `  // input: [${commentText(model.inputNames.join(', '))}] as an array, or an object with these keys; raw values, scaled here.`,
    ...(categorical.length > 0 ? [`  // or an object keyed by the columns ${commentText(model.inputColumns.join(', '))}: ${commentText(categorical.map((c) => c.name).join(', '))} as a category (a string).`] : []),
    ...(fill !== undefined ? ['  // A missing value (null, NaN, a key left out) takes its training mean.'] : []),
    `  // returns: ${options.outputs === 'object' ? 'an object keyed by' : 'an array of'} ${commentText(outputNames.join(', '))}${model.task === 'classification' ? ' (class probabilities)' : ''}.`,
    `  const names = ${JSON.stringify(model.inputNames)};`,
    `  const outputNames = ${JSON.stringify(outputNames)};`,
    `  const offset = ${JSON.stringify(model.inputScaler.offset)};`,
    `  const scale = ${JSON.stringify(model.inputScaler.scale)};`,
    layers.some((l) => l.f.name === 'softmax') ? SOFTMAX : '',
    '  // Per layer: weight (n, m) row-major, bias (m), f the activation.',
    '  const layers = [',
    ...layers.map((l) => `    { n: ${l.n}, m: ${l.m}, f: ${activationSource(l.f)}, rowwise: ${l.f.rowwise},\n      weight: ${JSON.stringify(l.weight)},\n      bias: ${JSON.stringify(l.bias)} },`),
    '  ];',
    '  const raw = Array.isArray(input) ? input.slice() : names.map((k) => (input == null ? undefined : input[k]));',
    '  if (raw.length !== names.length) throw new Error(`expected ${names.length} inputs (${names.join(", ")}), got ${raw.length}`);',
    ...(categorical.length > 0 ? CATEGORIES(categorical) : []),
    ...(fill !== undefined ? [`  const fill = ${JSON.stringify(fill)};`] : []),
    '  let a = raw.map((v, i) => {',
    ...(fill !== undefined ? ['    if (v === null || v === undefined || Number.isNaN(v)) v = fill[i]; // a missing value: its training mean'] : []),
    '    if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`input ${names[i]} must be a finite number, got ${v}`);',
    '    return (v - offset[i]) / scale[i];',
    '  });',
    '  for (const { n, m, f, rowwise, weight, bias } of layers) {',
    '    const z = new Array(m);',
    '    for (let j = 0; j < m; j++) {',
    '      let sum = bias[j];',
    '      for (let i = 0; i < n; i++) sum += a[i] * weight[i * m + j];',
    '      z[j] = sum;',
    '    }',
    '    a = rowwise ? f(z) : z.map(f);',
    '  }',
    target ? `  const targetOffset = ${JSON.stringify(target.offset)};\n  const targetScale = ${JSON.stringify(target.scale)};\n  a = a.map((v, j) => v * targetScale[j] + targetOffset[j]);` : '',
    options.outputs === 'object' ? '  return Object.fromEntries(outputNames.map((k, j) => [k, a[j]]));' : '  return a;',
    '}',
  ];
  return `${lines.filter((line) => line !== '').join('\n')}\n`;
}
