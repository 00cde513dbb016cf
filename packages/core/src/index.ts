/**
 * @bpnn/core: back-propagation neural networks in TypeScript, with no run-time dependencies.
 * Everything here works in memory; reading and writing files is @bpnn/serialize's job.
 */
export { Network, DEFAULT_SEED } from './network.js';
export type { NetworkOptions, NetworkConfig, Parameter, Explanation } from './network.js';
export { Model } from './model.js';
export type { TrainOptions, TrainingRecord, ModelParts, Prediction, Evaluation } from './model.js';
export { selectRows, trainTestSplit } from './dataset.js';
export type { Dataset, TrainTestSplitOptions } from './dataset.js';
export { labelsFromOneHot, oneHotOff } from './one-hot-targets.js';
export type { LabelsFromOneHotOptions, OneHotOff } from './one-hot-targets.js';
export { fit } from './train.js';
export type { FitOptions, FitResult, EpochInfo, EarlyStoppingOptions, StopReason } from './train.js';
export { activation, activationSpec, ACTIVATION_NAMES, STEPWISE } from './activations.js';
export type { Activation, ActivationName, ActivationSpec, ScalarActivation, Stepwise } from './activations.js';
export { loss, LOSS_NAMES } from './losses.js';
export type { Loss, LossName, CostFromZ, OutputCost } from './losses.js';
export { optimizer, OPTIMIZER_NAMES } from './optimizers/optimizer.js';
export type { Optimizer, OptimizerName, OptimizerSpec } from './optimizers/optimizer.js';
export type { SgdOptions } from './optimizers/sgd.js';
export type { AdamOptions } from './optimizers/adam.js';
export type { RpropOptions } from './optimizers/rprop.js';
export { gradientCheck } from './gradcheck.js';
export type { GradientCheckOptions, GradientCheckResult, TensorCheck } from './gradcheck.js';
export { initWeights, defaultInit, INIT_NAMES } from './init.js';
export type { InitName } from './init.js';
export { Matrix, allocate, DTYPES } from './matrix.js';
export type { Allocation, DType, FloatArray, MatrixLike } from './matrix.js';
export type { Backend, BackendName, BackendPreference, ThreadCount } from './backend.js';
export { hasRelaxedSimd } from './kernel-variants.js';
export type { KernelPreference, KernelVariant } from './kernel-variants.js';
export { Random } from './random.js';
export { fitScaler, scale, unscale, SCALING_NAMES, SCALER_KINDS } from './scaler.js';
export type { Scaler, ScalerKind, ScalingName } from './scaler.js';
export { classesOf, encodeLabels, oneHot, argmaxRows } from './labels.js';
export { accuracy, confusionMatrix, classificationReport, regressionReport, meanSquaredError } from './metrics.js';
export type { ConfusionMatrix, ClassScores, ClassificationReport, RegressionReport } from './metrics.js';
export { splitIndices, stratifiedSplit } from './split.js';
export type { Split } from './split.js';
export { inferTask, TASKS } from './task.js';
export type { Task } from './task.js';
export { BpnnError, ConfigError, ShapeError, DataError, FormatError, TrainingError, show } from './errors.js';
