#include "gate/mlflow.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>

#include "core/base64.h"
#include "core/error.h"
#include "core/text.h"
#include "json/parse.h"
#include "json/write.h"

namespace mlops::gate {
namespace {

namespace json = boost::json;
using Query = std::vector<std::pair<std::string, std::string>>;

// Version numbers are decimal strings; compare them as numbers so that "10" beats "9".
bool older(const ModelVersion& a, const ModelVersion& b) {
  if (a.version.size() != b.version.size()) return a.version.size() < b.version.size();
  return a.version < b.version;
}

// A 2xx answer parsed as a JSON object, with what a complaint about it has to name.
struct Reply : mlops::json::JsonFields {
  Reply(const std::string& endpoint, std::string request)
      : JsonFields{"MLflow " + endpoint, std::move(request),
                   "check that MLFLOW_TRACKING_URI points at an MLflow tracking server"} {}

  json::object root;

  // An absent repeated field: protobuf's JSON leaves empty lists out.
  const json::array* optional_array(const json::object& parent, std::string_view key,
                                    const std::string& path) const {
    const json::value* v = find(parent, key);
    if (!v) return nullptr;
    if (!v->is_array())
      malformed("expected '" + path + "' to be an array, found " + mlops::json::json_kind(*v));
    return &v->get_array();
  }
  std::string optional_string(const json::object& parent, std::string_view key,
                              const std::string& path) const {
    const json::value* v = find(parent, key);
    return v ? string(*v, path) : std::string();
  }

  ModelVersion version(const json::value& v, const std::string& path) const {
    const json::object& o = object(v, path);
    ModelVersion mv;
    mv.name = string(need(o, "name", path + ".name"), path + ".name");
    mv.version = string(need(o, "version", path + ".version"), path + ".version");
    if (mv.name.empty() || mv.version.empty()) {
      malformed("expected '" + path + "' to have a name and a version, found empty ones");
    }
    mv.run_id = optional_string(o, "run_id", path + ".run_id");
    mv.current_stage = optional_string(o, "current_stage", path + ".current_stage");
    if (const json::array* aliases = optional_array(o, "aliases", path + ".aliases")) {
      for (std::size_t i = 0; i < aliases->size(); ++i) {
        mv.aliases.push_back(string((*aliases)[i], path + ".aliases[" + std::to_string(i) + "]"));
      }
    }
    return mv;
  }
};

std::string credentials_hint(long status, const MlflowAuth& auth) {
  std::string sent = auth.basic()          ? "MLFLOW_TRACKING_USERNAME and "
                                             "MLFLOW_TRACKING_PASSWORD (sent as basic auth)"
                     : !auth.token.empty() ? "MLFLOW_TRACKING_TOKEN (sent as a bearer token)"
                                           : "";
  if (status == 403) {
    return "check that the credentials in " +
           (sent.empty() ? std::string("MLFLOW_TRACKING_TOKEN or MLFLOW_TRACKING_USERNAME")
                         : sent) +
           " may do this: reading needs READ permission, tagging and aliasing EDIT";
  }
  if (sent.empty()) {
    return "the server wants credentials: set MLFLOW_TRACKING_TOKEN, or MLFLOW_TRACKING_USERNAME "
           "and MLFLOW_TRACKING_PASSWORD";
  }
  return "check the credentials in " + sent + ": the server did not accept them";
}

// The one place that talks to the server: builds the URL and headers, and turns every answer
// that is not a 2xx JSON object into an Error.
Reply call(net::Client& transport, const std::string& base_url, const MlflowAuth& auth,
           const std::string& method, const std::string& endpoint, const Query& query,
           const std::string& body, const std::string& not_found_hint) {
  net::Request request;
  request.method = method;
  request.url = base_url + "/api/2.0/mlflow/" + endpoint;
  for (std::size_t i = 0; i < query.size(); ++i) {
    request.url +=
        (i == 0 ? '?' : '&') + query[i].first + '=' + net::percent_encode(query[i].second);
  }
  request.headers.emplace_back("Accept", "application/json");
  if (!body.empty()) request.headers.emplace_back("Content-Type", "application/json");
  // Basic before Bearer when both are set, as MLflow's Python client does
  // (mlflow/utils/rest_utils.py, http_request: `if host_creds.username and
  // host_creds.password: ... "Basic " ... elif host_creds.token: ... "Bearer "`), although the
  // MlflowHostCreds docstring there says a token wins: the code is what servers see.
  if (auth.basic()) {
    request.headers.emplace_back("Authorization",
                                 "Basic " + base64_encode(auth.username + ":" + auth.password));
  } else if (!auth.token.empty()) {
    request.headers.emplace_back("Authorization", "Bearer " + auth.token);
  }
  request.body = body;

  net::Response response = transport.send(request);
  Reply reply(endpoint, method + " " + net::redact_url(request.url));
  // Metric values converted exactly (see mlops::json::parse_json_exact); ec says the body is not
  // JSON. A duplicate key is refused too: which of two values a reader keeps differs between
  // readers.
  bool ec = false;
  std::string not_json;
  json::value parsed;
  try {
    parsed = mlops::json::parse_json_exact(response.body, "response");
  } catch (const Error& e) {
    ec = true;
    not_json = e.what();
  }
  if (response.status >= 200 && response.status < 300) {
    if (ec) {
      reply.malformed(response.body.empty() ? "expected a JSON object, found an empty body"
                      : not_json.find(": duplicate key ") != std::string::npos
                          ? "expected a JSON object with each key once, found " + not_json
                          : "expected a JSON object, found text that is not JSON");
    }
    if (!parsed.is_object()) {
      reply.malformed(std::string("expected a JSON object, found ") +
                      mlops::json::json_kind(parsed));
    }
    reply.root = std::move(parsed.get_object());
    return reply;
  }

  // MLflow errors are {"error_code": "...", "message": "..."}; proxies answer with anything.
  std::string detail;
  const json::object* error = !ec && parsed.is_object() ? &parsed.get_object() : nullptr;
  const json::value* code = error ? error->if_contains("error_code") : nullptr;
  const json::value* message = error ? error->if_contains("message") : nullptr;
  if (code && code->is_string()) detail += " " + one_line(code->get_string());
  if (message && message->is_string()) {
    detail += ": " + one_line(message->get_string());
  } else if (!code && response.status != 401 && response.status != 403) {
    if (std::string text = one_line(response.body, 120); !text.empty()) detail += ": " + text;
  }
  std::string what = "MLflow " + endpoint + " answered " + std::to_string(response.status) +
                     detail + " (" + reply.where;
  if (response.attempts > 1) what += ", after " + std::to_string(response.attempts) + " attempts";
  what += ")";
  bool unknown_endpoint = code && code->is_string() && code->get_string() == "ENDPOINT_NOT_FOUND";
  std::string hint;
  if (response.status == 401 || response.status == 403) {
    hint = credentials_hint(response.status, auth);
  } else if (response.status == 404 && (unknown_endpoint || !code)) {
    hint = "check that MLFLOW_TRACKING_URI is the root of an MLflow tracking server";
    if (endpoint == "registered-models/alias") hint += " (model aliases need MLflow 2.3 or later)";
  } else if (response.status >= 500 || response.status == 429) {
    hint = "the MLflow server could not answer; check its logs, or try again later";
  } else if (response.status >= 400) {
    hint = not_found_hint;
  } else {
    hint = "check MLFLOW_TRACKING_URI: redirects are not followed, use the URL they lead to";
  }
  throw input_error(what, hint);
}

std::string json_text(const json::object& o) { return mlops::json::serialize(o); }

}  // namespace

bool mlflow_env_flag(const std::string& name, const std::optional<std::string>& value) {
  if (!value) return false;
  const std::string v = lower_ascii(*value);
  if (v == "true" || v == "1") return true;
  if (v == "false" || v == "0") return false;
  throw usage_error(name + " is " + quoted(*value) + ", not true, false, 1 or 0",
                    "MLflow's own client refuses that value too; set it to true or false");
}

MlflowClient::MlflowClient(std::string tracking_uri, MlflowAuth auth, net::Client& transport)
    : base_url_(std::move(tracking_uri)), auth_(std::move(auth)), transport_(transport) {
  auto separator = base_url_.find("://");
  std::string scheme =
      separator == std::string::npos ? "" : lower_ascii(base_url_.substr(0, separator + 3));
  if (scheme != "http://" && scheme != "https://") {
    throw usage_error("the MLflow tracking URI " + quoted(net::redact_url(base_url_)) +
                          " is not an http:// or https:// URL",
                      "set MLFLOW_TRACKING_URI to the tracking server, e.g. "
                      "http://mlflow.internal:5000 (file stores and databricks URIs are not "
                      "supported)");
  }
  while (base_url_.size() > scheme.size() && base_url_.back() == '/') base_url_.pop_back();
}

MlflowClient MlflowClient::from_env(const std::function<std::string(const std::string&)>& env,
                                    net::Client& transport) {
  std::string uri = env("MLFLOW_TRACKING_URI");
  if (uri.empty()) {
    throw usage_error("MLFLOW_TRACKING_URI is not set",
                      "set it to the MLflow tracking server, e.g. http://mlflow.internal:5000");
  }
  MlflowAuth auth{env("MLFLOW_TRACKING_TOKEN"), env("MLFLOW_TRACKING_USERNAME"),
                  env("MLFLOW_TRACKING_PASSWORD")};
  if (auth.token.empty() && auth.username.empty() != auth.password.empty()) {
    throw usage_error(auth.username.empty()
                          ? "MLFLOW_TRACKING_PASSWORD is set but MLFLOW_TRACKING_USERNAME is not"
                          : "MLFLOW_TRACKING_USERNAME is set but MLFLOW_TRACKING_PASSWORD is not",
                      "set both for basic auth, or MLFLOW_TRACKING_TOKEN for a bearer token");
  }
  return {std::move(uri), std::move(auth), transport};
}

Run MlflowClient::run(const std::string& run_id) {
  Reply r = call(transport_, base_url_, auth_, "GET", "runs/get", {{"run_id", run_id}}, {},
                 "check the run ID");
  const json::object& run = r.object(r.need(r.root, "run", "run"), "run");
  Run out;
  if (const json::value* info = r.find(run, "info")) {
    const json::object& i = r.object(*info, "run.info");
    out.status = r.optional_string(i, "status", "run.info.status");
    out.lifecycle_stage = r.optional_string(i, "lifecycle_stage", "run.info.lifecycle_stage");
  }
  const json::value* data = r.find(run, "data");
  if (!data) return out;  // a run that logged nothing
  const json::object& d = r.object(*data, "run.data");
  if (const json::array* tags = r.optional_array(d, "tags", "run.data.tags")) {
    for (std::size_t i = 0; i < tags->size(); ++i) {
      std::string path = "run.data.tags[" + std::to_string(i) + "]";
      const json::object& t = r.object((*tags)[i], path);
      out.tags[r.string(r.need(t, "key", path + ".key"), path + ".key")] =
          r.optional_string(t, "value", path + ".value");
    }
  }
  std::map<std::string, double>& metrics = out.metrics;
  const json::array* list = r.optional_array(d, "metrics", "run.data.metrics");
  if (!list) return out;
  std::map<std::string, std::int64_t> stamps;  // runs/get sends one value per key; be sure
  for (std::size_t i = 0; i < list->size(); ++i) {
    std::string path = "run.data.metrics[" + std::to_string(i) + "]";
    const json::object& m = r.object((*list)[i], path);
    std::string key = r.string(r.need(m, "key", path + ".key"), path + ".key");
    const json::value& v = r.need(m, "value", path + ".value");
    // protobuf's JSON writes NaN and infinities as the strings "NaN", "Infinity", "-Infinity".
    bool non_finite = v.is_string() && (v.get_string() == "NaN" || v.get_string() == "Infinity" ||
                                        v.get_string() == "-Infinity");
    const std::optional<double> number = mlops::json::to_double(v);
    if (!non_finite && !number) {
      r.malformed("expected '" + path + ".value' to be a number, found " +
                  mlops::json::json_kind(v));
    }
    const double value = number.value_or(std::nan(""));
    if (!std::isfinite(value)) {
      throw input_error("metric '" + key + "' of run " + run_id + " is " +
                            (v.is_string() ? std::string(v.get_string()) : "not finite") +
                            ", not a number a threshold can be compared with",
                        "fix the training run so that it logs a finite value");
    }
    const json::value* ts = r.find(m, "timestamp");
    std::int64_t stamp = ts && ts->is_int64() ? ts->get_int64() : 0;
    if (auto it = stamps.find(key); it == stamps.end() || stamp >= it->second) {
      stamps[key] = stamp;
      metrics[key] = value;
    }
  }
  return out;
}

ModelVersion MlflowClient::version_by_alias(const std::string& model, const std::string& alias) {
  Reply r = call(transport_, base_url_, auth_, "GET", "registered-models/alias",
                 {{"name", model}, {"alias", alias}}, {}, "check the model name and the alias");
  return r.version(r.need(r.root, "model_version", "model_version"), "model_version");
}

ModelVersion MlflowClient::latest_version(const std::string& model, const std::string& stage) {
  json::object body{{"name", model}, {"stages", json::array{json::value(stage)}}};
  Reply r = call(transport_, base_url_, auth_, "POST", "registered-models/get-latest-versions", {},
                 json_text(body), "check the model name and the stage");
  std::vector<ModelVersion> versions;
  if (const json::array* list = r.optional_array(r.root, "model_versions", "model_versions")) {
    for (std::size_t i = 0; i < list->size(); ++i) {
      versions.push_back(r.version((*list)[i], "model_versions[" + std::to_string(i) + "]"));
    }
  }
  if (versions.empty()) {
    throw input_error(
        "model '" + model + "' has no version in stage " + stage,
        "transition a version to " + stage + ", or name the version by alias (MODEL@ALIAS)");
  }
  return *std::max_element(versions.begin(), versions.end(), older);
}

ModelVersion MlflowClient::model_version(const std::string& model, const std::string& version) {
  Reply r = call(transport_, base_url_, auth_, "GET", "model-versions/get",
                 {{"name", model}, {"version", version}}, {},
                 "check the model name and the version number");
  return r.version(r.need(r.root, "model_version", "model_version"), "model_version");
}

ModelVersion MlflowClient::version_for_run(const std::string& model, const std::string& run_id) {
  if (run_id.empty() || run_id.find_first_of("'\\") != std::string::npos) {
    throw usage_error("run ID " + quoted(run_id) + " is not a valid MLflow run ID",
                      "pass the run's ID as MLflow shows it (32 hex digits)");
  }
  std::vector<ModelVersion> mine;
  std::vector<std::string> others;
  std::string page_token;
  for (int page = 0; page < 1000; ++page) {  // a bound in case a server repeats its token
    Query query{{"filter", "run_id='" + run_id + "'"}};
    if (!page_token.empty()) query.emplace_back("page_token", page_token);
    Reply r = call(transport_, base_url_, auth_, "GET", "model-versions/search", query, {},
                   "check the run ID");
    if (const json::array* list = r.optional_array(r.root, "model_versions", "model_versions")) {
      for (std::size_t i = 0; i < list->size(); ++i) {
        ModelVersion v = r.version((*list)[i], "model_versions[" + std::to_string(i) + "]");
        if (v.name == model) {
          mine.push_back(std::move(v));
        } else {
          others.push_back(v.name + " version " + v.version);
        }
      }
    }
    page_token = r.optional_string(r.root, "next_page_token", "next_page_token");
    if (page_token.empty()) break;
  }
  if (mine.empty()) {
    std::string what = "run " + run_id + " has no registered version of model '" + model + "'";
    if (!others.empty()) {
      what += " (it has " + others.front() + (others.size() > 1 ? " and others)" : ")");
    }
    throw input_error(what, "register the run's model as '" + model +
                                "' first (mlflow.register_model), or check the model name");
  }
  return *std::max_element(mine.begin(), mine.end(), older);
}

void MlflowClient::set_run_tag(const std::string& run_id, const std::string& key,
                               const std::string& value) {
  json::object body{{"run_id", run_id}, {"key", key}, {"value", value}};
  call(transport_, base_url_, auth_, "POST", "runs/set-tag", {}, json_text(body),
       "check the run ID and the tag");
}

void MlflowClient::delete_run_tag(const std::string& run_id, const std::string& key) {
  json::object body{{"run_id", run_id}, {"key", key}};
  call(transport_, base_url_, auth_, "POST", "runs/delete-tag", {}, json_text(body),
       "check the run ID and the tag");
}

void MlflowClient::set_model_version_tag(const std::string& model, const std::string& version,
                                         const std::string& key, const std::string& value) {
  json::object body{{"name", model}, {"version", version}, {"key", key}, {"value", value}};
  call(transport_, base_url_, auth_, "POST", "model-versions/set-tag", {}, json_text(body),
       "check the model name, the version and the tag");
}

void MlflowClient::set_alias(const std::string& model, const std::string& alias,
                             const std::string& version) {
  json::object body{{"name", model}, {"alias", alias}, {"version", version}};
  call(transport_, base_url_, auth_, "POST", "registered-models/alias", {}, json_text(body),
       "check the model name, the alias and the version");
}

ModelVersion resolve_model_reference(MlflowClient& client, const std::string& reference) {
  std::string_view ref = reference;
  if (ref.starts_with("models:/")) ref.remove_prefix(8);
  const std::string hint =
      "write MODEL@ALIAS (e.g. fraud-detector@champion) or MODEL/STAGE (e.g. "
      "fraud-detector/Production)";
  if (auto at = ref.rfind('@'); at != std::string_view::npos) {
    std::string model(ref.substr(0, at)), alias(ref.substr(at + 1));
    if (model.empty() || alias.empty()) {
      throw usage_error("model reference " + quoted(reference) + " lacks a model or an alias",
                        hint);
    }
    return client.version_by_alias(model, alias);
  }
  auto slash = ref.rfind('/');
  if (slash == std::string_view::npos) {
    throw usage_error("model reference " + quoted(reference) + " names no alias or stage", hint);
  }
  std::string model(ref.substr(0, slash)), stage(ref.substr(slash + 1));
  if (model.empty() || stage.empty()) {
    throw usage_error("model reference " + quoted(reference) + " lacks a model or a stage", hint);
  }
  static const std::vector<std::string> kStages = {"None", "Staging", "Production", "Archived"};
  for (const auto& known : kStages) {
    if (lower_ascii(known) == lower_ascii(stage)) return client.latest_version(model, known);
  }
  std::string suggestion = nearest(stage, kStages);
  throw usage_error("model reference " + quoted(reference) + " names no known stage",
                    (suggestion.empty() ? std::string() : "did you mean " + suggestion + "? ") +
                        "stages are None, Staging, Production, Archived; " + hint);
}

}  // namespace mlops::gate
