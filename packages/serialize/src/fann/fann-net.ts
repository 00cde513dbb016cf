/**
 * FANN's `.net` text format (float builds: FANN_FLO_2.0 and FANN_FLO_2.1), as written by
 * fann_save_to_fd and read by fann_create_from_fd in fann_io.c: a version line, then `key=value`
 * lines in a fixed order, ending with every neuron as `(num_inputs, activation_function,
 * activation_steepness)` and every connection as `(connected_to_neuron, weight)`.
 * This file only turns text into a FannNet and back; fann-model.ts gives it meaning.
 */
import { DataError, FormatError } from '@bpnn/core';
import { fileInputProblem } from '../sources/file-input.js';

/** FANN's stored scaling (scale_included=1): one entry per input, or per output. */
export interface FannScaling {
  meanIn: number[];
  deviationIn: number[];
  newMinIn: number[];
  factorIn: number[];
  meanOut: number[];
  deviationOut: number[];
  newMinOut: number[];
  factorOut: number[];
}

/** A neuron of a .net file: how many connections feed it, FANN's activation code and steepness. */
export interface FannNeuron {
  inputs: number;
  activation: number;
  steepness: number;
}

/** A connection of a .net file: the neuron it comes from (by index over all layers) and its weight. */
export interface FannConnection {
  from: number;
  weight: number;
}

/**
 * A FANN .net file as written (fann_save), before it is turned into a network: what
 * {@link parseFannNet} reads and {@link formatFannNet} writes.
 */
export interface FannNet {
  version: 'FANN_FLO_2.0' | 'FANN_FLO_2.1';
  connectionRate: number;
  networkType: number;
  /** Neurons per layer, bias neurons included. */
  layerSizes: number[];
  scaling?: FannScaling;
  neurons: FannNeuron[];
  connections: FannConnection[];
}

const SCALE_KEYS = [
  ['meanIn', 'scale_mean_in'],
  ['deviationIn', 'scale_deviation_in'],
  ['newMinIn', 'scale_new_min_in'],
  ['factorIn', 'scale_factor_in'],
  ['meanOut', 'scale_mean_out'],
  ['deviationOut', 'scale_deviation_out'],
  ['newMinOut', 'scale_new_min_out'],
  ['factorOut', 'scale_factor_out'],
] as const;

const NEURONS_KEY = 'neurons (num_inputs, activation_function, activation_steepness)';
const CONNECTIONS_KEY = 'connections (connected_to_neuron, weight)';

/** Parses a .net file's text; `source` names it in errors. */
export function parseFannNet(text: string, source = 'FANN .net'): FannNet {
  const problem = fileInputProblem(text, 'text');
  if (problem !== undefined) throw new DataError(`${source}: the FANN .net file ${problem}`);
  const lines = text.split(/\r?\n/);
  const version = lines[0]?.trim();
  if (version?.startsWith('FANN_FIX_')) {
    throw new FormatError(`${source}: ${version} is a fixed-point FANN network; save it with the float library (fann_save, not fann_save_to_fixed) to import it`);
  }
  if (version === 'FANN_FLO_1.1') {
    throw new FormatError(`${source}: FANN_FLO_1.1 is FANN 1's format, which FANN 2 still reads: load it with FANN 2 (fann_create_from_file) and save it again (fann_save) to import it`);
  }
  if (version !== 'FANN_FLO_2.1' && version !== 'FANN_FLO_2.0') {
    throw new FormatError(`${source}: line 1 must be FANN_FLO_2.1 or FANN_FLO_2.0 (a FANN float network), got ${JSON.stringify(lines[0]?.slice(0, 40) ?? '')}`);
  }
  const fields = new Map<string, { value: string; line: number }>();
  lines.slice(1).forEach((line, k) => {
    const eq = line.indexOf('=');
    if (eq > 0) fields.set(line.slice(0, eq).trim(), { value: line.slice(eq + 1).trim(), line: k + 2 });
  });
  const field = (key: string) => {
    const found = fields.get(key);
    if (found === undefined) throw new FormatError(`${source}: the field ${key} is missing`);
    return found;
  };
  const number = (key: string, token: string, line: number) => {
    const value = Number(token);
    if (token === '' || !Number.isFinite(value)) throw new FormatError(`${source} line ${line}: ${key} must be a finite number, got ${JSON.stringify(token)}`);
    return value;
  };
  const whole = (key: string, token: string, line: number) => {
    const value = number(key, token, line);
    if (!Number.isInteger(value) || value < 0) throw new FormatError(`${source} line ${line}: ${key} must be a whole number ≥ 0, got ${JSON.stringify(token)}`);
    return value;
  };
  const scalar = (key: string, read = number) => read(key, field(key).value, field(key).line);
  const list = (key: string, read = number) => {
    const { value, line } = field(key);
    return value === '' ? [] : value.split(/\s+/).map((token) => read(key, token, line));
  };

  const layerSizes = list('layer_sizes', whole);
  const numLayers = scalar('num_layers', whole);
  if (layerSizes.length !== numLayers) {
    throw new FormatError(`${source} line ${field('layer_sizes').line}: layer_sizes lists ${layerSizes.length} layers, num_layers says ${numLayers}`);
  }
  let scaling: FannScaling | undefined;
  if (fields.has('scale_included') && scalar('scale_included', whole) === 1) {
    scaling = Object.fromEntries(SCALE_KEYS.map(([name, key]) => [name, list(key)])) as unknown as FannScaling;
  }
  const neurons = tuples(field(NEURONS_KEY), 3, source, 'neurons').map(([inputs, activation, steepness], k) => {
    const line = field(NEURONS_KEY).line;
    return {
      inputs: whole(`neuron ${k} num_inputs`, inputs, line),
      activation: whole(`neuron ${k} activation_function`, activation, line),
      steepness: number(`neuron ${k} activation_steepness`, steepness, line),
    };
  });
  const connections = tuples(field(CONNECTIONS_KEY), 2, source, 'connections').map(([from, weight], k) => {
    const line = field(CONNECTIONS_KEY).line;
    return { from: whole(`connection ${k} connected_to_neuron`, from, line), weight: number(`connection ${k} weight`, weight, line) };
  });
  return {
    version,
    connectionRate: scalar('connection_rate'),
    networkType: scalar('network_type', whole),
    layerSizes,
    scaling,
    neurons,
    connections,
  };
}

/** `(a, b, c) (d, e, f) …` → [[a, b, c], [d, e, f], …], checking that nothing else is there. */
function tuples({ value, line }: { value: string; line: number }, width: number, source: string, what: string): string[][] {
  const out: string[][] = [];
  const pattern = /\s*\(([^()]*)\)\s*/y;
  let match: RegExpExecArray | null;
  while (pattern.lastIndex < value.length && (match = pattern.exec(value)) !== null) {
    const parts = match[1].split(',').map((part) => part.trim());
    if (parts.length !== width) {
      throw new FormatError(`${source} line ${line}: ${what} entry ${out.length} must have ${width} values, got (${match[1]})`);
    }
    out.push(parts);
  }
  if (pattern.lastIndex < value.length) {
    throw new FormatError(`${source} line ${line}: ${what} entry ${out.length} is not of the form (${Array(width).fill('…').join(', ')}), got ${JSON.stringify(value.slice(pattern.lastIndex, pattern.lastIndex + 30))}`);
  }
  return out;
}

/**
 * The text of a FANN_FLO_2.1 file that FANN 2.2 loads: every field in fann_io.c's order, training
 * settings at FANN's defaults, numbers in full precision (FANN reads them with scanf).
 */
export function formatFannNet(net: FannNet): string {
  const exact = (x: number) => x.toExponential(20).replace(/e([+-])(\d)$/, 'e$10$2'); // C's %.20e
  const lines = [
    'FANN_FLO_2.1',
    `num_layers=${net.layerSizes.length}`,
    'learning_rate=0.700000',
    `connection_rate=${net.connectionRate.toFixed(6)}`,
    `network_type=${net.networkType}`,
    'learning_momentum=0.000000',
    'training_algorithm=2',
    'train_error_function=1',
    'train_stop_function=0',
    'cascade_output_change_fraction=0.010000',
    'quickprop_decay=-0.000100',
    'quickprop_mu=1.750000',
    'rprop_increase_factor=1.200000',
    'rprop_decrease_factor=0.500000',
    'rprop_delta_min=0.000000',
    'rprop_delta_max=50.000000',
    'rprop_delta_zero=0.100000',
    'cascade_output_stagnation_epochs=12',
    'cascade_candidate_change_fraction=0.010000',
    'cascade_candidate_stagnation_epochs=12',
    'cascade_max_out_epochs=150',
    'cascade_min_out_epochs=50',
    'cascade_max_cand_epochs=150',
    'cascade_min_cand_epochs=50',
    'cascade_num_candidate_groups=2',
    'bit_fail_limit=3.49999999999999977796e-01',
    'cascade_candidate_limit=1.00000000000000000000e+03',
    'cascade_weight_multiplier=4.00000000000000022204e-01',
    'cascade_activation_functions_count=10',
    'cascade_activation_functions=3 5 7 8 10 11 14 15 16 17 ',
    'cascade_activation_steepnesses_count=4',
    'cascade_activation_steepnesses=2.50000000000000000000e-01 5.00000000000000000000e-01 7.50000000000000000000e-01 1.00000000000000000000e+00 ',
    `layer_sizes=${net.layerSizes.map((n) => `${n} `).join('')}`,
  ];
  if (net.scaling === undefined) {
    lines.push('scale_included=0');
  } else {
    lines.push('scale_included=1');
    for (const [name, key] of SCALE_KEYS) lines.push(`${key}=${net.scaling[name].map((x) => `${exact(x)} `).join('')}`);
  }
  lines.push(`${NEURONS_KEY}=${net.neurons.map((n) => `(${n.inputs}, ${n.activation}, ${exact(n.steepness)}) `).join('')}`);
  lines.push(`${CONNECTIONS_KEY}=${net.connections.map((c) => `(${c.from}, ${exact(c.weight)}) `).join('')}`);
  return `${lines.join('\n')}\n`;
}
