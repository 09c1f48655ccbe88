#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "net/http.h"

namespace mlops::gate {

// Credentials for the tracking server, as the MLflow clients take them from the environment.
// Username and password together win ("Basic"); otherwise a token ("Authorization: Bearer"),
// the precedence of MLflow's own Python client. Never printed, not even in errors.
struct MlflowAuth {
  std::string token;
  std::string username;
  std::string password;
  bool basic() const { return !username.empty() && !password.empty(); }
};

// MLflow's boolean environment variables (MLFLOW_TRACKING_INSECURE_TLS): unset is false;
// "true"/"1" (any case) true, "false"/"0" false; anything else, even empty, a usage error, as
// mlflow/environment_variables.py's _BooleanEnvironmentVariable raises.
bool mlflow_env_flag(const std::string& name, const std::optional<std::string>& value);

// What a gate needs of a run (runs/get). `status` is RUNNING, SCHEDULED, FINISHED, FAILED or
// KILLED ("" when the server sent none); `lifecycle_stage` active or deleted.
struct Run {
  std::string status, lifecycle_stage;
  std::map<std::string, double> metrics;  // the latest value of each metric
  std::map<std::string, std::string> tags;
};

// The fields of an MLflow ModelVersion that a gate needs. `run_id` is empty for a version not
// registered from a run; `current_stage` is "None" for a version never staged.
struct ModelVersion {
  std::string name, version, run_id, current_stage;
  std::vector<std::string> aliases;
};

// A client for the MLflow REST API 2.0 (tracking and model registry). Every failure is an Error
// with exit 3 naming the endpoint and the (redacted) URL: a gate that cannot read its inputs
// must not pass.
class MlflowClient {
 public:
  // `tracking_uri` is the server root (http or https, optionally with a path prefix; trailing
  // slashes ignored). Usage error for an empty URI or another scheme.
  MlflowClient(std::string tracking_uri, MlflowAuth auth, net::Client& transport);

  // From MLFLOW_TRACKING_URI (required), MLFLOW_TRACKING_TOKEN, MLFLOW_TRACKING_USERNAME and
  // MLFLOW_TRACKING_PASSWORD read via `env` ("" when unset); the variable names MLflow's own
  // clients use, so a pipeline configures both the same way.
  static MlflowClient from_env(const std::function<std::string(const std::string&)>& env,
                               net::Client& transport);

  // The run (runs/get): state, tags and the latest value of each metric. A NaN or infinite
  // metric is an error: a threshold compared with NaN would decide nothing.
  Run run(const std::string& run_id);
  std::map<std::string, double> run_metrics(const std::string& run_id) {
    return run(run_id).metrics;
  }

  // The version an alias points at (registered-models/alias).
  ModelVersion version_by_alias(const std::string& model, const std::string& alias);

  // The latest version in `stage` (registered-models/get-latest-versions); error when none is.
  ModelVersion latest_version(const std::string& model, const std::string& stage);

  // One version by number (model-versions/get).
  ModelVersion model_version(const std::string& model, const std::string& version);

  // The version of `model` registered from `run_id` (model-versions/search); when the run was
  // registered more than once, the newest version. Error when there is none.
  ModelVersion version_for_run(const std::string& model, const std::string& run_id);

  // Writes that record a gate's verdict (runs/set-tag, model-versions/set-tag,
  // registered-models/alias). All are idempotent, so retrying them is safe.
  void set_run_tag(const std::string& run_id, const std::string& key, const std::string& value);
  // runs/delete-tag; MLflow answers 404 when the run has no such tag.
  void delete_run_tag(const std::string& run_id, const std::string& key);
  void set_model_version_tag(const std::string& model, const std::string& version,
                             const std::string& key, const std::string& value);
  void set_alias(const std::string& model, const std::string& alias, const std::string& version);

 private:
  std::string base_url_;
  MlflowAuth auth_;
  net::Client& transport_;
};

// "MODEL@ALIAS" or "MODEL/STAGE" (stage None, Staging, Production or Archived, any case), with
// an optional "models:/" prefix as in MLflow model URIs → that version. Usage error otherwise.
ModelVersion resolve_model_reference(MlflowClient& client, const std::string& reference);

}  // namespace mlops::gate
