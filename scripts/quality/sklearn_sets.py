"""The quality report's data sets that bpnn does not ship: scikit-learn's wine and five of its
seeded generators, written as CSV files (a header row; the target column last, named "y", classes
as "c0", "c1", …) into the folder given as the only argument.
"""
import csv
import os
import sys

from sklearn import datasets

SETS = {
    "wine": lambda: datasets.load_wine(return_X_y=True),
    "make_classification": lambda: datasets.make_classification(
        n_samples=1000, n_features=20, n_informative=6, n_classes=4, n_clusters_per_class=2, random_state=1
    ),
    "moons": lambda: datasets.make_moons(n_samples=500, noise=0.3, random_state=1),
    "circles": lambda: datasets.make_circles(n_samples=500, noise=0.15, factor=0.5, random_state=1),
    "make_friedman1": lambda: datasets.make_friedman1(n_samples=500, noise=1.0, random_state=1),
    "make_regression": lambda: datasets.make_regression(
        n_samples=300, n_features=50, n_informative=10, noise=20, random_state=1
    ),
}
CLASSES = {"wine", "make_classification", "moons", "circles"}

folder = sys.argv[1]
os.makedirs(folder, exist_ok=True)
for name, make in SETS.items():
    x, y = make()
    with open(os.path.join(folder, f"{name}.csv"), "w", newline="") as f:
        out = csv.writer(f)
        out.writerow([f"x{i}" for i in range(x.shape[1])] + ["y"])
        for row, target in zip(x, y):
            out.writerow([repr(float(v)) for v in row] + [f"c{int(target)}" if name in CLASSES else repr(float(target))])
