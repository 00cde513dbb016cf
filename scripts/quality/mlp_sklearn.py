"""scikit-learn's MLPClassifier / MLPRegressor with their defaults on the quality report's splits.

Reads one JSON object from stdin: {"task": "classification"|"regression", "splits": [{"seed",
"xTrain", "yTrain", "xTest", "yTest"}]}; inputs are standardised on the training rows
(StandardScaler), the targets are left as they are (scikit-learn's own way). Writes one JSON line:
{"version", "scores": [...], "seconds": [...]}, a score being accuracy or R² (averaged over
outputs), and seconds the time of fit alone.
"""
import json
import sys
import time
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.preprocessing import StandardScaler

warnings.simplefilter("ignore", ConvergenceWarning)
job = json.load(sys.stdin)
scores, seconds = [], []
for split in job["splits"]:
    scaler = StandardScaler().fit(np.asarray(split["xTrain"], dtype=float))
    x_train = scaler.transform(np.asarray(split["xTrain"], dtype=float))
    x_test = scaler.transform(np.asarray(split["xTest"], dtype=float))
    if job["task"] == "classification":
        model = MLPClassifier(random_state=split["seed"])
        y_train, y_test = np.asarray(split["yTrain"]).ravel(), np.asarray(split["yTest"]).ravel()
    else:
        model = MLPRegressor(random_state=split["seed"])
        y_train, y_test = np.asarray(split["yTrain"], dtype=float), np.asarray(split["yTest"], dtype=float)
        if y_train.shape[1] == 1:
            y_train, y_test = y_train.ravel(), y_test.ravel()
    started = time.perf_counter()
    model.fit(x_train, y_train)
    seconds.append(time.perf_counter() - started)
    scores.append(float(model.score(x_test, y_test)))
print(json.dumps({"version": sklearn.__version__, "scores": scores, "seconds": seconds}))
