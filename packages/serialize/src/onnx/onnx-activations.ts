/**
 * bpnn's activations as ONNX operators (opset 13). Most are one operator; FANN's are composed of
 * standard ones, each computing bpnn's formula (core activations.ts):
 *   elliot = 0.5·Softsign(z) + 0.5, gaussian = Exp(−z²), sin = 0.5·Sin(z) + 0.5,
 *   linear-piece = Clip(z, 0, 1), threshold = Cast(z ≥ 0),
 *   the stepwise sigmoids = Σ_k slope_k·Clip(z, at_k, at_k+1) + constant inside their breakpoints,
 *   min below and max above (Where).
 * In DOUBLE graphs, LeakyRelu, Elu, Softplus and Softsign are written out in elementary operators,
 * because onnxruntime has no float64 kernels for them (the ONNX spec allows double for all four).
 */
import { FormatError, STEPWISE, type Activation } from '@bpnn/core';
import type { OnnxGraph } from './onnx-graph.js';
import { ONNX_TYPES } from './onnx-proto.js';

/** Appends the nodes computing `act` of z; returns the name of a = f(z). */
export function onnxActivation(graph: OnnxGraph, act: Activation, z: string, layer: number): string {
  const half = (x: string) => graph.node('Add', [graph.node('Mul', [x, graph.scalar(0.5)]), graph.scalar(0.5)]); // 0.5·x + 0.5
  const symmetric = (x: string) => graph.node('Sub', [graph.node('Mul', [x, graph.scalar(2)]), graph.scalar(1)]); // 2·x − 1
  const gaussian = () => graph.node('Exp', [graph.node('Neg', [graph.node('Mul', [z, z])])]);
  const elementary = graph.floatType === ONNX_TYPES.DOUBLE;
  const positive = () => graph.node('Greater', [z, graph.scalar(0)]);
  const softsign = (x: string) => graph.node('Div', [x, graph.node('Add', [graph.node('Abs', [x]), graph.scalar(1)])]); // x / (1 + |x|)
  const step = () => graph.node('Cast', [graph.node('GreaterOrEqual', [z, graph.scalar(0)])], { to: { int: graph.floatType } });
  switch (act.name) {
    case 'linear':
      return z;
    case 'sigmoid':
      return graph.node('Sigmoid', [z]);
    case 'tanh':
      return graph.node('Tanh', [z]);
    case 'relu':
      return graph.node('Relu', [z]);
    case 'leaky-relu':
      if (!elementary) return graph.node('LeakyRelu', [z], { alpha: { float: act.params.alpha } });
      return graph.node('Where', [positive(), z, graph.node('Mul', [z, graph.scalar(act.params.alpha)])]);
    case 'elu':
      if (!elementary) return graph.node('Elu', [z], { alpha: { float: act.params.alpha } });
      return graph.node('Where', [positive(), z, graph.node('Mul', [graph.node('Sub', [graph.node('Exp', [z]), graph.scalar(1)]), graph.scalar(act.params.alpha)])]);
    case 'softplus':
      if (!elementary) return graph.node('Softplus', [z]);
      // max(z, 0) + ln(1 + e^−|z|): no overflow for large |z|
      return graph.node('Add', [graph.node('Relu', [z]), graph.node('Log', [graph.node('Add', [graph.node('Exp', [graph.node('Neg', [graph.node('Abs', [z])])]), graph.scalar(1)])])]);
    case 'softmax':
      return graph.node('Softmax', [z], { axis: { int: 1 } }); // over each row's outputs
    case 'elliot-symmetric':
      return elementary ? softsign(z) : graph.node('Softsign', [z]);
    case 'elliot':
      return half(elementary ? softsign(z) : graph.node('Softsign', [z]));
    case 'gaussian':
      return gaussian();
    case 'gaussian-symmetric':
      return symmetric(gaussian());
    case 'sin-symmetric':
      return graph.node('Sin', [z]);
    case 'cos-symmetric':
      return graph.node('Cos', [z]);
    case 'sin':
      return half(graph.node('Sin', [z]));
    case 'cos':
      return half(graph.node('Cos', [z]));
    case 'linear-piece':
      return graph.node('Clip', [z, graph.scalar(0), graph.scalar(1)]);
    case 'linear-piece-symmetric':
      return graph.node('Clip', [z, graph.scalar(-1), graph.scalar(1)]);
    case 'threshold':
      return step();
    case 'threshold-symmetric':
      return symmetric(step());
    case 'sigmoid-stepwise':
    case 'tanh-stepwise': {
      const { at, to, min, max } = STEPWISE[act.name];
      // Inside [at_0, at_5): to_j + slope_j·(z − at_j) = Σ_k slope_k·Clip(z, at_k, at_k+1) + to_0 − Σ_k slope_k·at_k.
      const terms: string[] = [];
      let constant = to[0];
      for (let k = 0; k < 5; k++) {
        const slope = (to[k + 1] - to[k]) / (at[k + 1] - at[k]);
        terms.push(graph.node('Mul', [graph.node('Clip', [z, graph.scalar(at[k]), graph.scalar(at[k + 1])]), graph.scalar(slope)]));
        constant -= slope * at[k];
      }
      const inside = graph.node('Add', [graph.node('Sum', terms), graph.scalar(constant)]);
      const upper = graph.node('Where', [graph.node('Less', [z, graph.scalar(at[5])]), inside, graph.scalar(max)]);
      return graph.node('Where', [graph.node('Less', [z, graph.scalar(at[0])]), graph.scalar(min), upper]);
    }
    default:
      throw new FormatError(`ONNX export: layer ${layer} uses ${act.name}, which has no ONNX form here`);
  }
}
