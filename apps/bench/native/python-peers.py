"""The benchmark's Python peers, PyTorch and scikit-learn, run by Debian's /usr/bin/python3 over the
same line protocol as fann-driver.c (see apps/bench/src/native-peer.ts), one reply per command:
  data <x.f32> <y.f32> <rows> <inputs> <outputs>   raw little-endian float32 matrices, row-major
  build <l0,l1,...> <hidden> <output> <algorithm> <learningRate> <batchSize>
                                                   a fresh model: hidden sigmoid or relu, output softmax
                                                   (cross-entropy) or sigmoid (squared error), Adam or SGD
  prepare <rows>                                   the first rows of the data
  train <epochs>                                   epochs of shuffled mini-batches
  predict <batch>                                  the prepared rows, batch rows per call
  ready                                            nothing: its "ok" says the library is imported
Every reply is "ok" or "error <what>". Usage: python-peers.py torch|sklearn. Both run on one thread.
"""
import os
import sys

for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[var] = "1"  # before numpy loads its BLAS

import numpy as np

LIBRARY = sys.argv[1]
if LIBRARY == "torch":
    import torch

    torch.set_num_threads(1)
else:
    import warnings

    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    warnings.filterwarnings("ignore", category=ConvergenceWarning)  # max_iter is the epoch count here


class TorchPeer:
    def build(self, layers, hidden, output, algorithm, learning_rate, batch_size):
        act = torch.nn.Sigmoid if hidden == "sigmoid" else torch.nn.ReLU
        modules = []
        for i in range(len(layers) - 1):
            modules.append(torch.nn.Linear(layers[i], layers[i + 1]))
            if i < len(layers) - 2:
                modules.append(act())
        self.softmax = output == "softmax"
        if not self.softmax:
            modules.append(torch.nn.Sigmoid())
        self.model = torch.nn.Sequential(*modules)
        params = self.model.parameters()
        self.optimizer = torch.optim.Adam(params, lr=learning_rate) if algorithm == "adam" else torch.optim.SGD(params, lr=learning_rate)
        # softmax + categorical cross-entropy is CrossEntropyLoss on z (log-softmax inside)
        self.loss = torch.nn.CrossEntropyLoss() if self.softmax else torch.nn.MSELoss()
        self.batch_size = batch_size

    def prepare(self, x, y):
        self.x = torch.from_numpy(x)
        self.y = torch.from_numpy(y.argmax(axis=1)) if self.softmax else torch.from_numpy(y)

    def train(self, epochs):
        n = self.x.shape[0]
        for _ in range(epochs):
            order = torch.randperm(n)
            for start in range(0, n, self.batch_size):
                index = order[start : start + self.batch_size]
                self.optimizer.zero_grad()
                self.loss(self.model(self.x[index]), self.y[index]).backward()
                self.optimizer.step()

    def predict(self, batch):
        with torch.no_grad():
            for start in range(0, self.x.shape[0], batch):
                self.model(self.x[start : start + batch])


class SklearnPeer:
    def build(self, layers, hidden, output, algorithm, learning_rate, batch_size):
        if output != "softmax":
            raise ValueError("MLPClassifier's output is softmax (or logistic for two classes) with cross-entropy")
        self.args = dict(
            hidden_layer_sizes=tuple(layers[1:-1]),
            activation="logistic" if hidden == "sigmoid" else "relu",
            solver="adam" if algorithm == "adam" else "sgd",
            learning_rate_init=learning_rate,
            batch_size=batch_size,
            shuffle=True,
            tol=0.0,
            n_iter_no_change=1 << 30,  # never stop early: every asked-for epoch runs
            warm_start=True,
            random_state=1,
        )
        self.model = None

    def prepare(self, x, y):
        self.x, self.labels = x, y.argmax(axis=1)
        if self.model is None:  # an unfitted model cannot predict: one epoch here, untimed
            self.model = MLPClassifier(max_iter=1, **self.args).fit(self.x, self.labels)

    def train(self, epochs):
        self.model.set_params(max_iter=epochs)
        self.model.fit(self.x, self.labels)  # warm_start: continues from the current weights

    def predict(self, batch):
        for start in range(0, self.x.shape[0], batch):
            self.model.predict_proba(self.x[start : start + batch])


def main():
    peer = TorchPeer() if LIBRARY == "torch" else SklearnPeer()
    x = y = None
    for line in sys.stdin:
        words = line.split()
        try:
            if words[0] == "data":
                rows, inputs, outputs = map(int, words[3:6])
                x = np.fromfile(words[1], dtype="<f4").reshape(rows, inputs)
                y = np.fromfile(words[2], dtype="<f4").reshape(rows, outputs)
            elif words[0] == "build":
                peer.build([int(v) for v in words[1].split(",")], words[2], words[3], words[4], float(words[5]), int(words[6]))
            elif words[0] == "prepare":
                rows = int(words[1])
                peer.prepare(np.ascontiguousarray(x[:rows]), np.ascontiguousarray(y[:rows]))
            elif words[0] == "train":
                peer.train(int(words[1]))
            elif words[0] == "predict":
                peer.predict(int(words[1]))
            elif words[0] == "ready":
                pass
            elif words[0] == "quit":
                break
            print("ok", flush=True)
        except Exception as error:  # the benchmark prints it and skips the figure
            print(f"error {type(error).__name__}: {error}".replace("\n", " "), flush=True)


main()
