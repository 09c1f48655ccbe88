"""Writes penguins-sex-predictions.csv and penguins-sex-champion.csv (tests/data/README.md).

Two logistic regressions predicting a penguin's sex (P(Sex = MALE)) from penguins.json, rows
with a null Sex or measurement dropped (333 of 344 remain): the candidate from the beak's length
and depth, the champion from all four measurements (standardised). scikit-learn 1.2.1.
Run: PYTHONPATH=$(/work/shared/peers/python-env.sh) python3 penguins-sex-predictions.py
"""
import csv
import json

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

BEAK = ['Beak Length (mm)', 'Beak Depth (mm)']
ALL = BEAK + ['Flipper Length (mm)', 'Body Mass (g)']


def write(path, model, features):
    rows = json.load(open('penguins.json'))
    rows = [r for r in rows
            if r['Sex'] in ('MALE', 'FEMALE') and all(r[f] is not None for f in ALL)]
    x = np.array([[r[f] for f in features] for r in rows])
    y = np.array([r['Sex'] == 'MALE' for r in rows], int)
    p = model.fit(x, y).predict_proba(x)[:, 1]
    with open(path, 'w', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(['Species', 'Island', 'Sex', 'score'])
        for r, s in zip(rows, p):
            w.writerow([r['Species'], r['Island'], r['Sex'], '%.6f' % s])


write('penguins-sex-predictions.csv', LogisticRegression(max_iter=1000), BEAK)
write('penguins-sex-champion.csv',
      make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)), ALL)
