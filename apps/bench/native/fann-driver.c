/*
 * The benchmark's FANN peer: a small driver that the benchmark compiles with gcc against Debian's
 * libfann-dev into a temporary folder at run time, twice: against float FANN 2.2 (floatfann.h,
 * -lfloatfann) and, with -DBPNN_FANN_DOUBLE, against its double build (doublefann.h,
 * -ldoublefann), whose fann_type is double. It talks over a line protocol on stdin/stdout
 * (apps/bench/src/native-peer.ts), one reply line per command:
 *   data <x.f32> <y.f32> <rows> <inputs> <outputs>   raw little-endian float32 matrices, row-major
 *                                                     (converted to fann_type as they are prepared)
 *   build <l0,l1,…> <hidden> <output> <algorithm> <learningRate>
 *                                                     a fresh network: hidden sigmoid or relu (FANN 2.2
 *                                                     has no relu: sigmoid), output sigmoid (no softmax),
 *                                                     algorithm rprop or incremental (online SGD)
 *   prepare <rows>                                    the first rows of the data, as FANN train data
 *   train <epochs>                                    fann_train_epoch, epochs times
 *   predict <batch>                                   fann_run on every prepared row (no batch API)
 *   ready                                             nothing: its "ok" says the driver has started
 * Every reply is "ok" or "error <what>".
 */
#ifdef BPNN_FANN_DOUBLE
#include <doublefann.h>
#else
#include <floatfann.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static float *x, *y;
static unsigned rows, inputs, outputs;
static struct fann *ann;
static struct fann_train_data *data;

static float *readMatrix(const char *path, size_t count) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  float *m = malloc(count * sizeof(float));
  size_t got = fread(m, sizeof(float), count, f);
  fclose(f);
  if (got != count) { free(m); return NULL; }
  return m;
}

static int build(char *layerList, const char *hidden, const char *output, const char *algorithm, float learningRate) {
  unsigned layers[16], count = 0;
  for (char *s = strtok(layerList, ","); s && count < 16; s = strtok(NULL, ",")) layers[count++] = (unsigned)atoi(s);
  if (ann) fann_destroy(ann);
  ann = fann_create_standard_array(count, layers);
  if (!ann) return 0;
  (void)hidden; /* sigmoid or relu: FANN 2.2 has no relu, both run as FANN_SIGMOID */
  (void)output; /* softmax or sigmoid: FANN has no softmax, both run as FANN_SIGMOID */
  fann_set_activation_function_hidden(ann, FANN_SIGMOID);
  fann_set_activation_function_output(ann, FANN_SIGMOID);
  fann_set_training_algorithm(ann, strcmp(algorithm, "incremental") == 0 ? FANN_TRAIN_INCREMENTAL : FANN_TRAIN_RPROP);
  fann_set_learning_rate(ann, learningRate);
  fann_set_learning_momentum(ann, 0);
  fann_randomize_weights(ann, (fann_type)-0.1, (fann_type)0.1);
  return 1;
}

static int prepare(unsigned n) {
  if (!x || n > rows) return 0;
  if (data) fann_destroy_train(data);
  data = fann_create_train(n, inputs, outputs);
  if (!data) return 0;
  for (unsigned r = 0; r < n; r++) {
    for (unsigned i = 0; i < inputs; i++) data->input[r][i] = (fann_type)x[(size_t)r * inputs + i];
    for (unsigned o = 0; o < outputs; o++) data->output[r][o] = (fann_type)y[(size_t)r * outputs + o];
  }
  return 1;
}

int main(void) {
  char line[4096], a[1024], b[1024], c[64], d[64], e[64];
  while (fgets(line, sizeof line, stdin)) {
    int ok = 0;
    unsigned n1, n2, n3;
    float lr;
    if (sscanf(line, "data %1023s %1023s %u %u %u", a, b, &n1, &n2, &n3) == 5) {
      rows = n1, inputs = n2, outputs = n3;
      free(x), free(y);
      x = readMatrix(a, (size_t)rows * inputs);
      y = readMatrix(b, (size_t)rows * outputs);
      ok = x && y;
    } else if (sscanf(line, "build %1023s %63s %63s %63s %f", a, c, d, e, &lr) == 5) {
      ok = build(a, c, d, e, lr);
    } else if (sscanf(line, "prepare %u", &n1) == 1) {
      ok = prepare(n1);
    } else if (sscanf(line, "train %u", &n1) == 1 && ann && data) {
      for (unsigned i = 0; i < n1; i++) fann_train_epoch(ann, data);
      ok = 1;
    } else if (sscanf(line, "predict %u", &n1) == 1 && ann && data) {
      volatile fann_type sink = 0;
      for (unsigned r = 0; r < data->num_data; r++) sink += fann_run(ann, data->input[r])[0];
      ok = 1;
    } else if (strncmp(line, "ready", 5) == 0) {
      ok = 1;
    } else if (strncmp(line, "quit", 4) == 0) {
      break;
    }
    printf(ok ? "ok\n" : "error %s", ok ? "" : line);
    fflush(stdout);
  }
  return 0;
}
