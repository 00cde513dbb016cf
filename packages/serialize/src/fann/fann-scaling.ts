/**
 * FANN's stored scaling (scale_included=1: what fann_scale_input and fann_descale_output apply) as
 * a model's input and target scalers, both ways (see INTERCHANGE.md).
 */
import { FormatError, type Model, type Scaler } from '@bpnn/core';
import { isIdentity } from '../dense-layers.js';
import type { FannScaling } from './fann-net.js';

/**
 * fann_scale_input: x′ = ((x − mean)/deviation + 1)·factor + new_min, i.e. (x − offset)/scale with
 * scale = deviation/factor and offset = mean − (1 + new_min/factor)·deviation. fann_descale_output
 * is the inverse map for outputs: y = a·scale + offset with the output parameters. FANN skips a
 * column whose deviation is 0.
 */
export function importScaling(s: FannScaling, inputs: number, outputs: number, source: string): { inputScaler: Scaler; targetScaler: Scaler } {
  const side = (mean: number[], deviation: number[], newMin: number[], factor: number[], width: number, where: string): Scaler => {
    for (const [name, values] of [['mean', mean], ['deviation', deviation], ['new_min', newMin], ['factor', factor]] as const) {
      if (values.length !== width) throw new FormatError(`${source}: scale_${name}_${where} lists ${values.length} values, the network has ${width} ${where}puts`);
    }
    const offset = mean.map((m, k) => (deviation[k] === 0 ? 0 : m - (1 + newMin[k] / factor[k]) * deviation[k]));
    const scale = deviation.map((d, k) => (d === 0 ? 1 : d / factor[k]));
    scale.forEach((value, k) => {
      if (!Number.isFinite(value) || value === 0 || !Number.isFinite(offset[k])) {
        throw new FormatError(`${source}: scale_factor_${where}[${k}] = ${factor[k]} makes the scaling of column ${k} undefined`);
      }
    });
    return { kind: 'affine', offset, scale };
  };
  return {
    inputScaler: side(s.meanIn, s.deviationIn, s.newMinIn, s.factorIn, inputs, 'in'),
    targetScaler: side(s.meanOut, s.deviationOut, s.newMinOut, s.factorOut, outputs, 'out'),
  };
}

/** bpnn's (x − offset)/scale as FANN's parameters: mean = offset, deviation = scale, factor 1, new_min −1. */
export function exportScaling(model: Model): FannScaling | undefined {
  const outputs = model.network.outputSize;
  const target = model.targetScaler ?? { offset: new Array<number>(outputs).fill(0), scale: new Array<number>(outputs).fill(1) };
  if (isIdentity(model.inputScaler) && isIdentity(model.targetScaler)) return undefined;
  return {
    meanIn: [...model.inputScaler.offset],
    deviationIn: [...model.inputScaler.scale],
    newMinIn: model.inputScaler.offset.map(() => -1),
    factorIn: model.inputScaler.offset.map(() => 1),
    meanOut: [...target.offset],
    deviationOut: [...target.scale],
    newMinOut: target.offset.map(() => -1),
    factorOut: target.offset.map(() => 1),
  };
}
