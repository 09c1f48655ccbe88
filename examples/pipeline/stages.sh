# shellcheck shell=bash disable=SC2154
# The seven stages of examples/pipeline/run.sh (sourced after servers.sh). Each stage runs its
# tool with the scenario's inputs, sets `verdict` (a word the scenario file names in its expect_*
# keys) and `note` (what it saw), and `report` prints the line and counts a verdict other than
# the expected one. Every gate decision is signed and appended to the scenario's audit log.
# Uses from run.sh: root, here, bin, work, git_sha, unexpected (hence SC2154 off); from
# servers.sh: registry, prometheus_url, pushgateway_url.

# run_scenario NAME|FILE: reads the scenario, starts fresh servers, runs the seven stages.
run_scenario() {
  local file=$1 key value
  [[ $file == */* || $file == *.env ]] || file=$here/scenarios/$1.env
  [[ -f $file ]] || die "no scenario $1 (examples/pipeline/scenarios/ has $(cd "$here/scenarios" && echo *.env))"
  scenario=$(basename "$file" .env)
  declare -gA want=()
  while IFS= read -r line || [[ -n $line ]]; do
    [[ $line =~ ^[[:space:]]*(#|$) ]] && continue
    key=${line%%=*} value=${line#*=}
    case $key in
      description | features | canary_traffic | production) want[$key]=$value ;;
      expect_validate | expect_train | expect_gate | expect_image | expect_canary | expect_drift | expect_audit)
        want[$key]=$value ;;
      *) die "$file: unknown key \"$key\" (see examples/pipeline/README.md, \"Scenarios\")" ;;
    esac
  done <"$file"
  for key in features canary_traffic production expect_validate expect_train expect_gate expect_image \
    expect_canary expect_drift expect_audit; do
    [[ -n ${want[$key]:-} ]] || die "$file: no $key"
  done
  dir=$work/$scenario
  verdict_gate='' verdict_image='' pushed=''
  rm -rf "$dir"
  mkdir -p "$dir"
  echo "== $scenario: ${want[description]:-}"

  bash "$root/tests/canary/prometheus_fixture.sh" generate "${want[canary_traffic]}" >"$dir/history.om" ||
    die "$file: no canary traffic \"${want[canary_traffic]}\" (tests/canary/prometheus_fixture.sh lists them)"
  # The judged window: the history's last sample, and from five minutes after its first (a
  # rate() over the first minute of a series ramps up).
  read -r history_start history_end < <(awk '$1 !~ /^#/ { t = $NF; if (!first) first = t } END { print first, t }' \
    "$dir/history.om")
  servers_start "$dir" "$dir/history.om" "$history_end"

  stage_validate
  report 1 validate
  stage_train
  report 2 train
  stage_gate
  report 3 gate
  stage_image
  report 4 image
  stage_canary
  report 5 canary
  stage_drift
  report 6 drift
  stage_audit
  report 7 audit
  servers_stop
}

# report N STAGE: one line; a verdict the scenario does not expect is counted, with the log.
report() {
  local expected=${want[expect_$2]}
  declare -g "verdict_$2=$verdict"
  if [[ $verdict == "$expected" ]]; then
    printf '%-10s %s/7 %-8s %-19s %s\n' "$scenario" "$1" "$2" "$verdict" "$note"
  else
    printf '%-10s %s/7 %-8s %-19s UNEXPECTED (the scenario expects %s): %s\n' "$scenario" "$1" "$2" "$verdict" \
      "$expected" "$note"
    unexpected=$((unexpected + 1))
    [[ ! -s $dir/$2.log ]] || sed 's/^/    /' "$dir/$2.log" | tail -n 20 >&2
  fi
}

# tool STAGE NAME ARGS...: runs a binary signing its decision (STAGE.att.json) and appending it to
# the audit log, output in STAGE.log; sets `rc`.
tool() {
  local stage=$1 name=$2
  shift 2
  rc=0
  env -u GITHUB_ACTIONS "$bin/$name" "$@" --no-github --attest-key "$work/attest-key.pem" \
    --attest-out "$dir/$stage.att.json" --audit-log "$dir/audit.jsonl" >>"$dir/${stage%%-*}.log" 2>&1 || rc=$?
}

# verdict_of CODE=WORD...: the word of the exit code `rc`, or "error" (the tool could not judge).
verdict_of() {
  local pair
  for pair in "$@"; do
    [[ $rc == "${pair%%=*}" ]] && { verdict=${pair#*=}; return 0; }
  done
  verdict=error note="exit $rc: $(tail -n 1 "$dir/${stage%%-*}.log" 2>/dev/null)"
  return 1
}

train_csv=examples/drift/reference.csv      # 548 days of 2012-2014, every other day
heldout_csv=examples/drift/current-same-period.csv  # the other 548 days

stage_validate() {
  local stage=validate rows
  tool validate data-validate check "$train_csv" --contract examples/weather-contract.yaml -q \
    --json "$dir/validate.json"
  rows=$(($(wc -l <"$train_csv") - 1))
  verdict_of 0=pass 1=fail && note="$train_csv: $rows rows against examples/weather-contract.yaml"
  return 0
}

stage_train() {
  local stage=train
  mkdir -p "$dir/model"
  verdict=error note="train.awk or predict.awk failed"
  awk -v features="${want[features]}" -f "$here/train.awk" "$train_csv" >"$dir/model/model.txt" 2>"$dir/train.log" &&
    awk -f "$here/predict.awk" "$dir/model/model.txt" "$heldout_csv" >"$dir/predictions.csv" 2>>"$dir/train.log" ||
    return 0
  verdict=trained
  note="logistic regression on ${want[features]}; $(($(wc -l <"$dir/predictions.csv") - 1)) held-out days scored"
}

stage_gate() {
  local stage=gate
  tool gate metric-gate check --rules examples/pipeline/gate.yaml --predictions "$dir/predictions.csv" \
    --baseline-metrics examples/pipeline/champion-metrics.json --baseline-prefix test. -q --json "$dir/gate.json"
  verdict_of 0=pass 1=fail || return 0
  note=$(jq -r '"roc_auc \(.candidate.metrics.roc_auc * 1e4 | round / 1e4) against the champion'"'"'s 0.7315"' \
    "$dir/gate.json" 2>/dev/null || echo "see $dir/gate.json")
}

# The serving image: built without a Docker engine (scripts/build-image.sh) and labelled with
# what image-tag computed for the model, pushed only when the gate passed and image-tag found
# the tag new in the registry; afterwards image-tag must find it there, under the built digest.
stage_image() {
  local stage=image-new image=$registry/wet-day-serving tag digest labels=() line
  verdict=not-pushed
  [[ ${verdict_gate:-} == pass ]] || { note="the gate did not pass"; return 0; }
  local tag_args=(--image "$image" --tags type=model --model-file "$dir/model/model.txt" --model-name wet-day
    --model-version 2 --git-ref refs/heads/main --git-sha "$git_sha" --event push --check-registry -q)
  tool image-new image-tag "${tag_args[@]}" --fail-if-exists --json "$dir/image-new.json" --labels-out "$dir/labels.txt"
  [[ $rc -ne 1 ]] || { note="$image: the tag exists already"; return 0; }
  verdict_of 0=new || return 0
  verdict=error
  if ! tag=$(jq -er '.version' "$dir/image-new.json" 2>/dev/null) || [[ ! -f $dir/labels.txt ]]; then
    note="image-tag wrote no tag or labels"
    return 0
  fi
  while IFS= read -r line; do labels+=(--label "$line"); done <"$dir/labels.txt"
  digest=$(bash scripts/build-image.sh "${labels[@]}" "$bin" "$dir/image" "$tag" 2>>"$dir/image.log") ||
    { note="scripts/build-image.sh failed"; return 0; }
  HOME=$dir skopeo copy -q --preserve-digests --dest-tls-verify=false "oci:$dir/image:$tag" \
    "docker://$image:$tag" >>"$dir/image.log" 2>&1 || { note="skopeo could not push $image:$tag"; return 0; }
  stage="image-pushed"
  tool image-pushed image-tag "${tag_args[@]}" --json "$dir/image-pushed.json"
  if [[ $rc -ne 0 ]] || ! grep -q '"exists": true' "$dir/image-pushed.json" ||
    ! grep -qF "\"digest\": \"$digest\"" "$dir/image-pushed.json"; then
    note="image-tag does not find $image:$tag at $digest after the push (exit $rc)"
    return 0
  fi
  # The same release again would not push: its first check now fails (exit 1, not signed).
  rc=0
  env -u GITHUB_ACTIONS "$bin/image-tag" "${tag_args[@]}" --fail-if-exists --no-github >>"$dir/image.log" 2>&1 || rc=$?
  if [[ $rc -ne 1 ]]; then
    note="a second run's image-tag --fail-if-exists exits $rc, not 1 (the tag exists)"
    return 0
  fi
  verdict=pushed note="$image:$tag @ ${digest:0:19}... (a second run finds the tag and would not push)"
  pushed=$image@$digest
}

# The canary judged on the traffic backfilled into Prometheus, over the history's window; the
# decision is about the pushed image (--image: the subject of its attestation).
stage_canary() {
  local stage=canary
  verdict=skipped
  [[ ${verdict_image:-} == pushed ]] || { note="no new image to roll out"; return 0; }
  tool canary canary-eval run --config examples/pipeline/canary.yaml --prometheus "$prometheus_url" \
    --image "$pushed" --start $((history_start + 300)) --end "$history_end" --step 15s -q --json "$dir/canary.json"
  verdict_of 0=promote 1=rollback 4=inconclusive || return 0
  note=$(jq -r '[.metrics[] | "\(.metric) \(.classification)"] | join(", ")' "$dir/canary.json" \
    2>/dev/null || true)
  note="${note:-see $dir/canary.json} ($((history_end - history_start - 300)) s of traffic)"
}

# Production data against the training data; the metrics pushed, scraped by Prometheus, and the
# DatasetDrift alert of templates/prometheus read once a rule evaluation has seen them.
stage_drift() {
  local stage=drift alert
  tool drift drift-check compare --reference "$train_csv" --current "${want[production]}" \
    --config examples/drift/drift.yaml --pushgateway "$pushgateway_url" --job pipeline_drift \
    --label dataset=seattle-weather -q --json "$dir/drift.json"
  verdict_of 0=no-drift 1=drift || return 0
  alert=$(drift_alert) || { verdict=error note=$alert; return 0; }
  case $verdict/$alert in
    drift/firing) verdict=drift-alert-firing ;;
    no-drift/firing) verdict=no-drift-alert-firing ;;
    drift/inactive) verdict=drift-no-alert ;;
  esac
  note="${want[production]}: $(jq -r '"drifted: \(.drifted_columns | join(", ") | if . == "" then "none" else . end) (share \(.share))"' \
    "$dir/drift.json" 2>/dev/null || echo "see $dir/drift.json"); DatasetDrift $alert"
}

# Prints "firing" or "inactive": the DatasetDrift alert of the pushed job, read after Prometheus
# holds the pushed series and has evaluated its rules since (waits up to 5 minutes for each).
drift_alert() {
  local seen='' since evaluated answer
  for _ in $(seq 3000); do
    answer=$(curl -sfG "$prometheus_url/api/v1/query" \
      --data-urlencode 'query=mlops_drift_dataset_detected{job="pipeline_drift"}' || true)
    [[ $answer == *'"result":[{'* ]] && { seen=yes; break; }
    sleep 0.1
  done
  [[ -n $seen ]] || { echo "Prometheus never scraped the pushed drift metrics"; return 1; }
  since=$(date +%s)
  for _ in $(seq 3000); do
    evaluated=$(curl -sf "$prometheus_url/api/v1/rules" |
      jq -r '.data.groups[] | select(.name == "mlops-drift") | .lastEvaluation' 2>/dev/null || true)
    [[ -n $evaluated ]] && (($(date -d "$evaluated" +%s 2>/dev/null || echo 0) > since)) && break
    sleep 0.1
  done
  answer=$(curl -sf "$prometheus_url/api/v1/alerts") || { echo "Prometheus did not list its alerts"; return 1; }
  if jq -e '.data.alerts | any(.labels.alertname == "DatasetDrift" and .labels.job == "pipeline_drift"
      and .state == "firing")' <<<"$answer" >/dev/null; then
    echo firing
  else
    echo inactive
  fi
}

# Every signed decision verifies against the public key and the files it names (an image it
# names: against the registry's digest of it), the audit log chains, and a copy of the log with
# one decision edited is refused.
stage_audit() {
  local stage=audit envelope count=0 records
  verdict=failed
  for envelope in "$dir"/*.att.json; do
    [[ -f $envelope ]] || continue
    verify_envelope "$envelope" >>"$dir/audit.log" 2>&1 || { note="$(basename "$envelope") does not verify"; return 0; }
    count=$((count + 1))
  done
  "$bin/mlops-attest" audit-verify "$dir/audit.jsonl" >>"$dir/audit.log" 2>&1 ||
    { note="the audit log does not verify"; return 0; }
  records=$(wc -l <"$dir/audit.jsonl")
  [[ $records -eq $count ]] || { note="$records audit records for $count attestations"; return 0; }
  sed '1s/"decision":"[a-z-]*"/"decision":"edited"/' "$dir/audit.jsonl" >"$dir/audit-edited.jsonl"
  if "$bin/mlops-attest" audit-verify "$dir/audit-edited.jsonl" >>"$dir/audit.log" 2>&1 ||
    cmp -s "$dir/audit.jsonl" "$dir/audit-edited.jsonl"; then
    note="an edited copy of the audit log is not refused"
    return 0
  fi
  verdict=verified note="$count signed decisions verify ($(jq -r '"\(.entry.tool) \(.entry.decision)"' "$dir/audit.jsonl" |
    paste -sd, | sed 's/,/, /g')); the audit log chains them; an edited copy is refused"
}

# verify_envelope FILE: mlops-attest verify; the files it names are re-hashed, and so that a
# statement naming only images (canary-eval's) is checked too, each image digest is compared
# with what the registry serves under that repository.
verify_envelope() {
  local envelope=$1 name sha served files
  files=$(jq -r .payload "$envelope" | base64 -d | jq '[.subject[] | select(.annotations == null)] | length')
  if [[ $files -gt 0 ]]; then
    "$bin/mlops-attest" verify "$envelope" --pub "$work/attest-pub.pem" --base-dir "$root" || return 1
  else
    "$bin/mlops-attest" verify "$envelope" --pub "$work/attest-pub.pem" --signature-only || return 1
  fi
  while read -r name sha; do
    served=$(curl -sfI -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
      "http://${name%%/*}/v2/${name#*/}/manifests/sha256:$sha" |
      awk -F': ' 'tolower($1) == "docker-content-digest" {print $2}' | tr -d '\r')
    [[ $served == "sha256:$sha" ]] || { echo "the registry does not serve $name@sha256:$sha"; return 1; }
    echo "$name@sha256:$sha: served by the registry"
  done < <(jq -r .payload "$envelope" | base64 -d | jq -r '.subject[] | select(.annotations != null) | "\(.name) \(.digest.sha256)"')
}
