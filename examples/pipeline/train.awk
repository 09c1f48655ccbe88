# Trains the pipeline example's model: a logistic regression predicting a wet day
# (precipitation > 0) from the FEATURES columns of a CSV with a header, fitted by Newton's method
# (iteratively reweighted least squares) on standardised features, without regularisation: the
# maximum-likelihood fit, the same as scikit-learn's LogisticRegression(penalty=None).
# Usage: awk -v features=temp_max,temp_min,wind -f train.awk TRAIN.csv > MODEL.txt
# Writes one line per feature (`feature NAME MEAN SD COEF`) and `intercept B`; predict.awk reads it.
BEGIN {
  FS = ","
  k = split(features, name, ",")
  if (k == 0) { print "train.awk: error: no features, pass -v features=A,B" > "/dev/stderr"; exit 2 }
}
NR == 1 {
  for (i = 1; i <= NF; i++) col[$i] = i
  if (!("precipitation" in col)) fail("no precipitation column (the label) in " FILENAME)
  for (j = 1; j <= k; j++) if (!(name[j] in col)) fail("no column " name[j] " in " FILENAME)
  next
}
{
  if ($col["precipitation"] == "") fail("row " NR " has no precipitation")
  n++
  y[n] = ($col["precipitation"] + 0 > 0) ? 1 : 0
  for (j = 1; j <= k; j++) {
    v = $col[name[j]]
    if (v == "") fail("row " NR " has no " name[j])
    x[n, j] = v + 0
    sum[j] += v
    sq[j] += v * v
  }
}
END {
  if (failed) exit 2
  if (n < k + 2) fail("only " n " rows to fit " k " features")
  for (j = 1; j <= k; j++) {
    mean[j] = sum[j] / n
    sd[j] = sqrt(sq[j] / n - mean[j] * mean[j])
    if (sd[j] <= 0) fail("column " name[j] " is constant")
    for (r = 1; r <= n; r++) z[r, j] = (x[r, j] - mean[j]) / sd[j]
  }
  for (r = 1; r <= n; r++) z[r, 0] = 1
  for (j = 0; j <= k; j++) b[j] = 0
  for (it = 1; it <= 100; it++) {
    newton_step()
    if (step < 1e-12) break
  }
  if (step >= 1e-12) fail("the fit did not converge (the classes may be separable)")
  for (j = 1; j <= k; j++) printf "feature %s %.17g %.17g %.17g\n", name[j], mean[j], sd[j], b[j]
  printf "intercept %.17g\n", b[0]
}
# One Newton step: solves H d = g (H = Z'WZ, g = Z'(y - p)) by Gaussian elimination with
# partial pivoting and adds d to b; sets `step` to the largest |d|.
function newton_step(   r, i, j, p, w, a, m, t, piv, f, d) {
  for (i = 0; i <= k; i++) { g[i] = 0; for (j = 0; j <= k; j++) h[i, j] = 0 }
  for (r = 1; r <= n; r++) {
    t = 0
    for (j = 0; j <= k; j++) t += b[j] * z[r, j]
    p = 1 / (1 + exp(-t))
    w = p * (1 - p)
    for (i = 0; i <= k; i++) {
      g[i] += (y[r] - p) * z[r, i]
      for (j = 0; j <= k; j++) h[i, j] += w * z[r, i] * z[r, j]
    }
  }
  for (i = 0; i <= k; i++) { for (j = 0; j <= k; j++) a[i, j] = h[i, j]; a[i, k + 1] = g[i] }
  for (i = 0; i <= k; i++) {
    piv = i
    for (m = i + 1; m <= k; m++) if (abs(a[m, i]) > abs(a[piv, i])) piv = m
    for (j = 0; j <= k + 1; j++) { t = a[i, j]; a[i, j] = a[piv, j]; a[piv, j] = t }
    if (a[i, i] == 0) fail("singular Hessian (collinear features)")
    for (m = i + 1; m <= k; m++) {
      f = a[m, i] / a[i, i]
      for (j = i; j <= k + 1; j++) a[m, j] -= f * a[i, j]
    }
  }
  step = 0
  for (i = k; i >= 0; i--) {
    t = a[i, k + 1]
    for (j = i + 1; j <= k; j++) t -= a[i, j] * d[j]
    d[i] = t / a[i, i]
  }
  for (i = 0; i <= k; i++) { b[i] += d[i]; if (abs(d[i]) > step) step = abs(d[i]) }
}
function abs(v) { return v < 0 ? -v : v }
function fail(msg) { print "train.awk: error: " msg > "/dev/stderr"; failed = 1; exit 2 }
