/**
 * The names other libraries give to options, with what they are here: brain.js
 * (`net.train(data, { iterations, errorThresh, learningRate, log })`), TensorFlow.js and Keras
 * (`model.fit(x, y, { callbacks, verbose, validation_split })`, `Dense(units)`), scikit-learn
 * (`MLPClassifier(hidden_layer_sizes, max_iter, alpha, solver, random_state, …)`), and bpnn's own
 * names given one level too high (`patience` belongs in earlyStopping). strict-options.ts turns an
 * unknown key into an error with the sentence written here.
 *
 * An entry applies only where the option it points to exists (`to`): `iterations` is "epochs here"
 * for fit and Model.train, but no hint for gradientCheck, which has no epochs.
 */

/** [the other name, the option here that takes its role, the sentence (given the value as shown)]. */
type Alias = readonly [from: string, to: string, say: (value: string) => string];

const renamed = (library: string, to: string) => (value: string) => `${library}'s name; here it is ${to} (${to}: ${value})`;
const inOptimizer = (key: string) => (value: string) =>
  `it goes in the optimizer: optimizer: { name: 'sgd', ${key}: ${value} } (the default optimizer is adam, which takes learningRate too)`;
/** `[3, 2]` as the middle of a list: `3, 2`. */
const inner = (value: string) => value.replace(/^\[|\]$/g, '');
const epochCallback = (library: string) => () =>
  `${library}'s name; bpnn prints nothing itself: pass onEpoch: (info) => { if (info.epoch % 10 === 0) console.log(info.epoch, info.loss) } (return false to stop)`;

const ALIASES: readonly Alias[] = [
  // brain.js: net.train(data, { iterations, errorThresh, log, logPeriod, learningRate, momentum, timeout })
  ['iterations', 'epochs', renamed('brain.js', 'epochs')],
  ['errorThresh', 'targetLoss', renamed('brain.js', 'targetLoss')],
  ['learningRate', 'optimizer', inOptimizer('learningRate')],
  ['momentum', 'optimizer', inOptimizer('momentum')],
  ['hiddenLayers', 'hidden', (v) => `brain.js's name; here the hidden layer sizes are hidden (hidden: ${v})`],
  ['hiddenLayers', 'layers', (v) => `brain.js's name; here layers lists every layer: layers: [inputs, ${inner(v)}, outputs]`],
  ['log', 'onEpoch', epochCallback('brain.js')],
  ['logPeriod', 'onEpoch', epochCallback('brain.js')],
  ['callback', 'onEpoch', epochCallback('brain.js')],
  ['callbackPeriod', 'onEpoch', epochCallback('brain.js')],
  ['timeout', 'signal', (v) => `brain.js's name; here pass signal: AbortSignal.timeout(${v}) (training stops cleanly when it fires)`],
  ['leakyReluAlpha', 'activation', (v) => `brain.js's name; here activation: { name: 'leaky-relu', alpha: ${v} }`],
  // TensorFlow.js and Keras: model.fit(x, y, { epochs, batchSize, callbacks, verbose, validationSplit }), Dense({ units })
  ['callbacks', 'onEpoch', () => `TensorFlow.js/Keras's name; here a callback is onEpoch: (info) => …, and early stopping is earlyStopping: { patience: 10 }`],
  ['verbose', 'onEpoch', epochCallback('TensorFlow.js/Keras/scikit-learn')],
  ['validation_split', 'validationSplit', renamed('Keras', 'validationSplit')],
  ['validation_data', 'validation', () => `Keras's name; here it is validation: { inputs, targets }`],
  ['validationData', 'validation', () => `TensorFlow.js's name; here it is validation: { inputs, targets }`],
  ['units', 'hidden', (v) => `TensorFlow.js/Keras's name for a layer's size; here hidden lists the hidden layers' sizes (hidden: [${v}])`],
  ['units', 'layers', (v) => `TensorFlow.js/Keras's name for a layer's size; here layers lists every layer's: layers: [inputs, ${v}, outputs]`],
  ['lr', 'optimizer', inOptimizer('learningRate')],
  ['learning_rate', 'optimizer', inOptimizer('learningRate')],
  ['kernelInitializer', 'init', () => `TensorFlow.js's name; here it is init (glorot-uniform, glorot-normal, he-uniform, he-normal)`],
  ['kernel_initializer', 'init', () => `Keras's name; here it is init (glorot-uniform, glorot-normal, he-uniform, he-normal)`],
  // scikit-learn: MLPClassifier(hidden_layer_sizes, solver, alpha, learning_rate_init, max_iter, random_state, tol, …)
  ['hidden_layer_sizes', 'hidden', (v) => `scikit-learn's name; here it is hidden (hidden: ${v})`],
  ['hidden_layer_sizes', 'layers', (v) => `scikit-learn's name; here layers lists every layer: layers: [inputs, ${inner(v)}, outputs]`],
  ['max_iter', 'epochs', renamed('scikit-learn', 'epochs')],
  ['alpha', 'l2', renamed('scikit-learn', 'l2')],
  ['learning_rate_init', 'optimizer', (v) => `scikit-learn's name; here it goes in the optimizer: optimizer: { name: 'adam', learningRate: ${v} }`],
  ['solver', 'optimizer', (v) => `scikit-learn's name; here it is optimizer (optimizer: ${v}): adam, sgd, or for full-batch training rprop, quickprop or lbfgs`],
  ['random_state', 'seed', renamed('scikit-learn', 'seed')],
  ['n_iter_no_change', 'earlyStopping', (v) => `scikit-learn's name; here it is earlyStopping: { patience: ${v} }`],
  ['tol', 'earlyStopping', (v) => `scikit-learn's name; here it is earlyStopping: { minDelta: ${v} }`],
  ['early_stopping', 'earlyStopping', renamed('scikit-learn', 'earlyStopping')],
  ['validation_fraction', 'validationSplit', renamed('scikit-learn', 'validationSplit')],
  ['nesterovs_momentum', 'optimizer', (v) => `scikit-learn's name; here it goes in the optimizer: optimizer: { name: 'sgd', momentum: 0.9, nesterov: ${v} }`],
  ['beta_1', 'optimizer', (v) => `scikit-learn's name; here it goes in the optimizer: optimizer: { name: 'adam', beta1: ${v} }`],
  ['beta_2', 'optimizer', (v) => `scikit-learn's name; here it goes in the optimizer: optimizer: { name: 'adam', beta2: ${v} }`],
  ['test_size', 'testFraction', renamed('scikit-learn', 'testFraction')],
  ['testSize', 'testFraction', renamed('scikit-learn', 'testFraction')],
  ['warm_start', 'from', () => `scikit-learn's name; here from: model trains a copy of a model further (its checkpoint continues the optimiser's state)`],
  ['warm_start', 'epochs', () => `scikit-learn's name; here calling fit again always continues from the network's current weights (and resume: result.checkpoint continues the optimiser's state too)`],
  // PyTorch: torch.optim.lr_scheduler.StepLR(optimizer, step_size, gamma), …
  ['lr_scheduler', 'schedule', () => `PyTorch's name; here it is schedule: { name: 'step', every: 10, factor: 0.5 } (step, exponential, cosine, reduce-on-plateau)`],
  ['scheduler', 'schedule', () => `PyTorch's name; here it is schedule: { name: 'step', every: 10, factor: 0.5 } (step, exponential, cosine, reduce-on-plateau)`],
  // bpnn's own names, one level too high.
  ['patience', 'earlyStopping', (v) => `it goes in earlyStopping: { patience: ${v} }`],
  ['minDelta', 'earlyStopping', (v) => `it goes in earlyStopping: { minDelta: ${v} }`],
  ['nesterov', 'optimizer', inOptimizer('nesterov')],
  ['beta1', 'optimizer', (v) => `it goes in the optimizer: optimizer: { name: 'adam', beta1: ${v} }`],
  ['beta2', 'optimizer', (v) => `it goes in the optimizer: optimizer: { name: 'adam', beta2: ${v} }`],
  ['hidden', 'layers', (v) => `new Network takes every layer's size in layers: layers: [inputs, ${inner(v)}, outputs] (hidden is Model.train's)`],
  ['layers', 'hidden', (v) => `Model.train sizes the input and output layers from the data: give the hidden layers only, hidden: ${v}`],
  ['activations', 'activation', (v) => `did you mean activation? (it takes one name, or a list with one per layer: activation: ${v})`],
];

/** The sentence for another library's (or level's) name `key`, where the options are `known`. */
export function aliasFor(key: string, known: readonly string[]): ((value: string) => string) | undefined {
  return ALIASES.find(([from, to]) => from === key && known.includes(to))?.[2];
}

/** The table as data (for tests and documentation): each other name, and the option it points to. */
export const OPTION_ALIASES: readonly { from: string; to: string }[] = ALIASES.map(([from, to]) => ({ from, to }));
