/**
 * @bpnn/core: back-propagation neural networks in TypeScript, with no run-time dependencies.
 * Everything here works in memory; reading and writing files is @bpnn/serialize's job.
 */
export { Network, DEFAULT_SEED } from './network.js';
export type { NetworkOptions, NetworkConfig, Parameter, Explanation } from './network.js';
export { Model } from './model.js';
export type { TrainOptions, TrainAsyncOptions, ModelParts, Prediction, Evaluation } from './model.js';
export { classWeightsFor, rowWeights } from './sample-weights.js';
export type { ClassWeights } from './sample-weights.js';
export type { TrainingRecord } from './training-record.js';
export { completeDataset, selectRows, trainTestSplit } from './dataset.js';
export type { DataInput, Dataset, MatrixDataset, TrainTestSplitOptions } from './dataset.js';
export { labelsFromOneHot, oneHotOff } from './one-hot-targets.js';
export type { LabelsFromOneHotOptions, OneHotOff } from './one-hot-targets.js';
export {
  NETWORK_DEFAULTS,
  FIT_DEFAULTS,
  EARLY_STOPPING_DEFAULTS,
  OPTIMIZER_DEFAULTS,
  TRAIN_DEFAULTS,
  BIT_FAIL_DEFAULTS,
  VALIDATION_SPLIT_WITH_EARLY_STOPPING,
  SCHEDULE_DEFAULTS,
  defaultValidationSplit,
} from './defaults.js';
export { adamLearningRate, autoDefaults, AUTO_RULES } from './auto-defaults.js';
export type { AutoDefaults, DataShape } from './auto-defaults.js';
export { checkOptions, optionNames } from './strict-options.js';
export { fit, fitRows } from './train.js';
export { isRowSource, matrixRows } from './row-source.js';
export type { RowSource } from './row-source.js';
export { trainModelOnRows } from './model-rows.js';
export type { RowsDataset } from './model-rows.js';
export { fitScalerOfRows } from './scaler-rows.js';
export type { FitOptions, FitResult, EpochInfo, EarlyStoppingOptions, StopReason } from './train.js';
export { fitAsync, SLICE_MS } from './fit-async.js';
export type { FitAsyncOptions, TrainingProgress } from './fit-async.js';
export { activation, activationSpec, ACTIVATION_NAMES, STEPWISE } from './activations.js';
export type { Activation, ActivationName, ActivationSpec, ScalarActivation, Stepwise } from './activations.js';
export { loss, LOSS_NAMES } from './losses.js';
export type { Loss, LossName, CostFromZ, OutputCost } from './losses.js';
export { optimizer, OPTIMIZER_NAMES } from './optimizers/optimizer.js';
export type { Optimizer, OptimizerName, OptimizerSpec } from './optimizers/optimizer.js';
export type { SgdOptions } from './optimizers/sgd.js';
export type { AdamOptions } from './optimizers/adam.js';
export type { RpropOptions } from './optimizers/rprop.js';
export type { QuickpropOptions } from './optimizers/quickprop.js';
export type { LbfgsOptions } from './optimizers/lbfgs.js';
export type { Objective } from './optimizers/optimizer-interface.js';
export type { EpochHook } from './epoch-hook.js';
export { Dropout } from './dropout.js';
export { LearningRateSchedule, SCHEDULE_NAMES } from './schedules.js';
export type { ScheduleSpec, ScheduleName, ScheduleState, StepScheduleOptions, ExponentialScheduleOptions, CosineScheduleOptions, PlateauScheduleOptions } from './schedules.js';
export { largestWeightGradients } from './weight-gradients.js';
export { explainedLayers } from './explained-layers.js';
export type { ExplainedLayer } from './explained-layers.js';
export type { WeightGradient } from './weight-gradients.js';
export { gradientCheck } from './gradcheck.js';
export type { GradientCheckOptions, GradientCheckResult, TensorCheck } from './gradcheck.js';
export { initWeights, defaultInit, INIT_NAMES } from './init.js';
export type { InitName } from './init.js';
export { Matrix, allocate, DTYPES } from './matrix.js';
export type { Allocation, DType, FloatArray, MatrixLike } from './matrix.js';
export type { Backend, BackendName, BackendPreference, RowStep, ThreadCount } from './backend.js';
export { hasRelaxedSimd } from './kernel-variants.js';
export type { KernelPreference, KernelVariant } from './kernel-variants.js';
export { Random } from './random.js';
export { fitScaler, scale, unscale, SCALING_NAMES, SCALER_KINDS } from './scaler.js';
export type { Scaler, ScalerKind, ScalingName } from './scaler.js';
export { classesOf, encodeLabels, oneHot, argmaxRows } from './labels.js';
export { accuracy, confusionMatrix, classificationReport, regressionReport, meanSquaredError, bitFail } from './metrics.js';
export { networkBitFail, SYMMETRIC_OUTPUTS } from './bit-fail.js';
export type { BitFailStopOptions } from './bit-fail.js';
export type { ConfusionMatrix, ClassScores, ClassificationReport, RegressionReport } from './metrics.js';
export { splitIndices, stratifiedSplit, kFolds, stratifiedKFolds, complement } from './split.js';
export { crossValidate, foldScores, CROSS_VALIDATE_DEFAULTS, MAIN_SCORE } from './model-selection/cross-validate.js';
export type { CrossValidateOptions, CrossValidation, FoldResult, FoldScores } from './model-selection/cross-validate.js';
export { tune, candidateOptions, TUNE_DEFAULTS, SEARCHED_OPTIONS } from './model-selection/tune.js';
export type { TuneOptions, TuneResult, Trial } from './model-selection/tune.js';
export { drawCandidate, SEARCH_SPACE } from './model-selection/search-space.js';
export type { Candidate } from './model-selection/search-space.js';
export type { Split } from './split.js';
export { inferTask, inferTaskOfCells, inferTaskOfNumbers, TASKS } from './task.js';
export type { Task } from './task.js';
export { BpnnError, ConfigError, ShapeError, DataError, FormatError, TrainingError, show } from './errors.js';
// The content of a model file, shared by Model#toJSON / Model.fromJSON and @bpnn/serialize's readers.
export { FileFormatError } from './model-file/file-format-error.js';
export { JsonFields } from './model-file/json-fields.js';
export type { JsonObject } from './model-file/json-fields.js';
export { FORMAT_VERSION, MIGRATIONS, checkNotNewer, formatVersion, upgrade } from './model-file/format-version.js';
export type { Migration, MigrationTable, UpgradeOptions, VersionedContent } from './model-file/format-version.js';
export { modelDocument, networkDocument } from './model-file/model-document.js';
export type { ModelDescription, ModelDocument, NetworkDocument } from './model-file/model-document.js';
export { networkTensors } from './model-file/model-tensors.js';
export type { FloatDtype, FloatTensor, IndexTensor, NamedTensor } from './model-file/model-tensors.js';
export { checkpointDocument, checkpointTensors, ORDER_TENSOR } from './model-file/checkpoint-file.js';
export type { CheckpointDocument } from './model-file/checkpoint-file.js';
export type { TrainingCheckpoint } from './checkpoint.js';
export type { OptimizerState } from './optimizers/optimizer-interface.js';
export type { RandomState } from './random.js';
export { modelJson, modelParts, networkJson, readJsonForm, readModelContent } from './model-file/model-json.js';
export type { ModelJson } from './model-file/model-json.js';
