# Scores a CSV with the model train.awk wrote: one `label,score` line per row (label 1 for a wet
# day, precipitation > 0; score the predicted probability of one), the input metric-gate reads.
# Usage: awk -f predict.awk MODEL.txt DATA.csv > PREDICTIONS.csv
BEGIN { FS = " " }  # the model file; the data is read with ","
FNR == NR {
  if ($1 == "feature") { k++; name[k] = $2; mean[k] = $3; sd[k] = $4; coef[k] = $5 }
  else if ($1 == "intercept") { b0 = $2; have_intercept = 1 }
  next
}
FNR == 1 {
  if (!have_intercept || k == 0) fail("the model file has no features or no intercept")
  FS = ","
  $0 = $0  # re-split the header with the data's separator
  for (i = 1; i <= NF; i++) col[$i] = i
  for (j = 1; j <= k; j++) if (!(name[j] in col)) fail("no column " name[j] " in " FILENAME)
  if (!("precipitation" in col)) fail("no precipitation column (the label) in " FILENAME)
  print "label,score"
  next
}
{
  t = b0
  for (j = 1; j <= k; j++) {
    if ($col[name[j]] == "") fail("row " FNR " of " FILENAME " has no " name[j])
    t += coef[j] * ($col[name[j]] - mean[j]) / sd[j]
  }
  printf "%d,%.9f\n", ($col["precipitation"] + 0 > 0) ? 1 : 0, 1 / (1 + exp(-t))
}
function fail(msg) { print "predict.awk: error: " msg > "/dev/stderr"; exit 2 }
