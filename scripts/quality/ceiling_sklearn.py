"""An optimistic ceiling for the quality report's bars: other models' best scores on its splits.

Reads the job of mlp_sklearn.py from stdin ({"task", "splits": [{"seed", "xTrain", "yTrain",
"xTest", "yTest"}]}). For each family of models (linear, kernel, trees, scikit-learn's MLP with
scaled targets), every setting of a small grid is fitted on each split's training rows
(standardised) and scored on its test rows; the setting with the best MEAN TEST score is kept.
Choosing settings on the test rows is cheating on purpose: the result is above what any honest
procedure reaches on these splits, so a bar above it is out of reach of every model tried.
Writes one JSON line: {"version", "families": [{"name", "setting", "mean", "scores"}]}.
"""
import json
import sys
import warnings

import numpy as np
import sklearn
from sklearn.ensemble import GradientBoostingClassifier, GradientBoostingRegressor, RandomForestClassifier, RandomForestRegressor
from sklearn.kernel_ridge import KernelRidge
from sklearn.linear_model import LinearRegression, LogisticRegression, Ridge
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC, SVR

warnings.simplefilter("ignore")
job = json.load(sys.stdin)
classification = job["task"] == "classification"
splits = []
for split in job["splits"]:
    scaler = StandardScaler().fit(np.asarray(split["xTrain"], dtype=float))
    x_train = scaler.transform(np.asarray(split["xTrain"], dtype=float))
    x_test = scaler.transform(np.asarray(split["xTest"], dtype=float))
    if classification:
        y_train, y_test = np.asarray(split["yTrain"]).ravel(), np.asarray(split["yTest"]).ravel()
    else:
        y_train, y_test = np.asarray(split["yTrain"], dtype=float), np.asarray(split["yTest"], dtype=float)
        if y_train.shape[1] == 1:
            y_train, y_test = y_train.ravel(), y_test.ravel()
    splits.append((split["seed"], x_train, y_train, x_test, y_test))
rows = len(splits[0][1])


class ScaledTargets:
    """A regressor fitted on standardised targets (as bpnn's regressions are), answering in their units."""

    def __init__(self, model):
        self.model = model

    def fit(self, x, y):
        self.mean, self.scale = y.mean(axis=0), y.std(axis=0) + 1e-12
        self.model.fit(x, (y - self.mean) / self.scale)
        return self

    def score(self, x, y):
        from sklearn.metrics import r2_score
        return r2_score(y, self.model.predict(x) * self.scale + self.mean)


def grid(name, make, settings):
    best = None
    for setting in settings:
        scores = [float(make(seed, **setting).fit(xa, ya).score(xb, yb)) for seed, xa, ya, xb, yb in splits]
        mean = float(np.mean(scores))
        if best is None or mean > best["mean"]:
            best = {"name": name, "setting": setting, "mean": mean, "scores": scores}
    return best


families = []
if classification:
    families.append(grid("logistic regression", lambda s, C: LogisticRegression(C=C, max_iter=5000), [{"C": c} for c in np.logspace(-2, 3, 11)]))
    families.append(grid("SVC (RBF)", lambda s, C, gamma: SVC(C=C, gamma=gamma), [{"C": c, "gamma": g} for c in np.logspace(-1, 3, 5) for g in ["scale", 0.01, 0.1]]))
    families.append(grid("random forest", lambda s, leaf: RandomForestClassifier(300, min_samples_leaf=leaf, random_state=s, n_jobs=1), [{"leaf": l} for l in [1, 3, 10]]))
    if rows <= 2000:
        families.append(grid("gradient boosting", lambda s, lr, depth: GradientBoostingClassifier(learning_rate=lr, max_depth=depth, n_estimators=200, subsample=0.8, random_state=s), [{"lr": lr, "depth": d} for lr in [0.03, 0.1] for d in [2, 3]]))
    families.append(grid("MLPClassifier", lambda s, alpha: MLPClassifier(alpha=alpha, max_iter=1000, random_state=s), [{"alpha": a} for a in [1e-4, 1e-2, 1e-1, 1, 10]]))
else:
    families.append(grid("least squares", lambda s: LinearRegression(), [{}]))
    families.append(grid("ridge", lambda s, alpha: Ridge(alpha=alpha), [{"alpha": a} for a in np.logspace(-3, 3, 25)]))
    families.append(grid("kernel ridge (RBF)", lambda s, alpha, gamma: ScaledTargets(KernelRidge(alpha=alpha, kernel="rbf", gamma=gamma)), [{"alpha": a, "gamma": g} for a in np.logspace(-2, 1, 7) for g in np.logspace(-3, -1, 7)]))
    families.append(grid("SVR (RBF)", lambda s, C, gamma: ScaledTargets(SVR(C=C, gamma=gamma)), [{"C": c, "gamma": g} for c in np.logspace(-1, 2, 7) for g in np.logspace(-3, -1, 5)]))
    families.append(grid("random forest", lambda s, leaf: RandomForestRegressor(300, min_samples_leaf=leaf, max_features=0.5, random_state=s, n_jobs=1), [{"leaf": l} for l in [1, 5, 20]]))
    if rows <= 2000:
        families.append(grid("gradient boosting", lambda s, lr, depth: GradientBoostingRegressor(learning_rate=lr, max_depth=depth, n_estimators=200, subsample=0.8, random_state=s), [{"lr": lr, "depth": d} for lr in [0.01, 0.03, 0.1] for d in [1, 2, 3]]))
    families.append(grid("MLPRegressor, scaled targets", lambda s, alpha: ScaledTargets(MLPRegressor(alpha=alpha, max_iter=1000, random_state=s)), [{"alpha": a} for a in [1e-4, 1e-2, 1, 3, 10, 30]]))
print(json.dumps({"version": sklearn.__version__, "families": families}))
