/**
 * @bpnn/core: back-propagation neural networks in TypeScript, with no run-time dependencies.
 * Everything here works in memory; reading and writing files is @bpnn/serialize's job.
 */
export { Network, DEFAULT_SEED } from './network/network.js';
export type { NetworkOptions, NetworkConfig, Parameter, Explanation } from './network/network.js';
export { Model } from './model/model.js';
export type { TrainOptions, TrainAsyncOptions, ModelParts, Prediction, Evaluation } from './model/model.js';
export { classWeightsFor, rowWeights } from './training/sample-weights.js';
export type { ClassWeights } from './training/sample-weights.js';
export type { TrainingRecord } from './training/training-record.js';
export { completeDataset, selectRows, trainTestSplit } from './data/dataset.js';
export type { DataInput, Dataset, MatrixDataset, TrainTestSplitOptions } from './data/dataset.js';
export { categoryColumn, categoryIndex, categoryNameClash, categoryText, checkCategorical, listedCategories, MAX_CATEGORIES, rawInputNames, sortCategories, tooManyCategories, tooManyCategoriesAdvice } from './data/categories.js';
export type { CategoricalInput } from './data/categories.js';
export { isMissingCell, MISSING_MARKS, MISSING_NAMES, matrixWithMissing } from './data/missing.js';
export { cellNumber, numberLike } from './data/cell-number.js';
export type { MissingName } from './data/missing.js';
export { labelsFromOneHot, oneHotOff } from './data/one-hot-targets.js';
export type { LabelsFromOneHotOptions, OneHotOff } from './data/one-hot-targets.js';
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
} from './defaults/defaults.js';
export { adamLearningRate, autoDefaults, AUTO_RULES } from './defaults/auto-defaults.js';
export type { AutoDefaults, DataShape } from './defaults/auto-defaults.js';
export { checkOptions, optionNames } from './strict-options.js';
export { fit, fitRows } from './training/train.js';
export { trainingRowCount } from './training/training-data.js';
export type { DataOptions } from './training/training-data.js';
export { isRowSource, matrixRows } from './data/row-source.js';
export type { RowSource } from './data/row-source.js';
export { trainModelOnRows } from './model/model-rows.js';
export type { RowsDataset } from './model/model-rows.js';
export { fitScalerOfRows } from './data/scaler-rows.js';
export type { FitOptions, FitResult, EpochInfo, EarlyStoppingOptions, StopReason } from './training/train.js';
export { fitAsync, SLICE_MS } from './training/fit-async.js';
export type { FitAsyncOptions, TrainingProgress } from './training/fit-async.js';
export { activation, activationSpec, ACTIVATION_NAMES, STEPWISE } from './activations/activations.js';
export type { Activation, ActivationName, ActivationSpec, ScalarActivation, Stepwise } from './activations/activations.js';
export { loss, LOSS_NAMES } from './network/losses.js';
export type { Loss, LossName, CostFromZ, OutputCost } from './network/losses.js';
export { optimizer, OPTIMIZER_NAMES } from './optimizers/optimizer.js';
export type { Optimizer, OptimizerName, OptimizerSpec } from './optimizers/optimizer.js';
export type { SgdOptions } from './optimizers/sgd.js';
export type { AdamOptions } from './optimizers/adam.js';
export type { RpropOptions } from './optimizers/rprop.js';
export type { QuickpropOptions } from './optimizers/quickprop.js';
export type { LbfgsOptions } from './optimizers/lbfgs.js';
export type { Objective } from './optimizers/optimizer-interface.js';
export type { EpochHook } from './training/epoch-hook.js';
export { Dropout } from './training/dropout.js';
export { LearningRateSchedule, SCHEDULE_NAMES } from './training/schedules.js';
export type { ScheduleSpec, ScheduleName, ScheduleState, StepScheduleOptions, ExponentialScheduleOptions, CosineScheduleOptions, PlateauScheduleOptions } from './training/schedules.js';
export { largestWeightGradients } from './network/weight-gradients.js';
export { explainedLayers } from './network/explained-layers.js';
export type { ExplainedLayer } from './network/explained-layers.js';
export type { WeightGradient } from './network/weight-gradients.js';
export { gradientCheck } from './network/gradcheck.js';
export type { GradientCheckOptions, GradientCheckResult, TensorCheck } from './network/gradcheck.js';
export { initWeights, defaultInit, INIT_NAMES } from './network/init.js';
export type { InitName } from './network/init.js';
export { Matrix, allocate, DTYPES, dtypeRange, finiteIn } from './data/matrix.js';
export type { Allocation, DType, FloatArray, MatrixLike } from './data/matrix.js';
export type { Backend, BackendName, BackendPreference, RowStep, ThreadCount } from './backend/backend.js';
export { hasRelaxedSimd } from './backend/kernel-variants.js';
export type { KernelPreference, KernelVariant } from './backend/kernel-variants.js';
export { Random } from './random.js';
export { fitScaler, scale, unscale, SCALING_NAMES, SCALER_KINDS } from './data/scaler.js';
export type { Scaler, ScalerKind, ScalingName } from './data/scaler.js';
export { classesOf, encodeLabels, oneHot, argmaxRows } from './data/labels.js';
export { accuracy, confusionMatrix, classificationReport, regressionReport, meanSquaredError, bitFail } from './model/metrics.js';
export { networkBitFail, SYMMETRIC_OUTPUTS } from './training/bit-fail.js';
export type { BitFailStopOptions } from './training/bit-fail.js';
export type { ConfusionMatrix, ClassScores, ClassificationReport, RegressionReport } from './model/metrics.js';
export { splitIndices, stratifiedSplit, kFolds, stratifiedKFolds, complement } from './data/split.js';
export { crossValidate, foldScores, CROSS_VALIDATE_DEFAULTS, MAIN_SCORE } from './model-selection/cross-validate.js';
export type { CrossValidateOptions, CrossValidation, FoldResult, FoldScores } from './model-selection/cross-validate.js';
export { tune, candidateOptions, TUNE_DEFAULTS, SEARCHED_OPTIONS } from './model-selection/tune.js';
export type { TuneOptions, TuneResult, Trial } from './model-selection/tune.js';
export { drawCandidate, SEARCH_SPACE } from './model-selection/search-space.js';
export type { Candidate } from './model-selection/search-space.js';
export type { Split } from './data/split.js';
export { inferTask, inferTaskOfCells, inferTaskOfNumbers, TASKS } from './data/task.js';
export type { Task } from './data/task.js';
export { BpnnError, ConfigError, ShapeError, DataError, MissingValueError, FormatError, TrainingError, show } from './errors.js';
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
export type { TrainingCheckpoint } from './resume/checkpoint.js';
export type { OptimizerState } from './optimizers/optimizer-interface.js';
export type { RandomState } from './random.js';
export { modelJson, modelParts, networkJson, readJsonForm, readModelContent } from './model-file/model-json.js';
export type { ModelJson } from './model-file/model-json.js';
