#include "cli/option_groups.h"

#include <algorithm>
#include <thread>

#include "core/error.h"
#include "core/text.h"

namespace mlops::cli {

void add_http_options(po::options_description& desc, net::Options& http, std::string_view requests,
                      std::string_view certificate) {
  desc.add_options()(
      "timeout", po::value(&http.timeout_seconds)->value_name("SECONDS"),
      ("deadline of " + std::string(requests) + ", retries included (default 30)").c_str())(
      "retries", po::value(&http.retries)->value_name("N"),
      "extra attempts on connection errors and 5xx (default 2)")(
      "insecure", po::bool_switch(&http.insecure),
      ("do not verify " + std::string(certificate)).c_str());
}

void add_data_http_options(po::options_description& desc, net::Options& http) {
  desc.add_options()("data-timeout", po::value(&http.timeout_seconds)->value_name("SECONDS"),
                     ("deadline of each request for a data object (s3://, gs://, https://), "
                      "retries included (default " +
                      format_number(http.timeout_seconds) + ")")
                         .c_str())(
      "data-retries", po::value(&http.retries)->value_name("N"),
      ("extra attempts of a data request on connection errors, 5xx and 429 (default " +
       std::to_string(http.retries) + ")")
          .c_str());
}

void add_push_options(po::options_description& desc, PushOptions& push, std::string_view tool,
                      std::string_view label_example) {
  if (push.job.empty()) push.job = tool;
  std::string label_help = "a label added to every metric (repeatable)";
  if (!label_example.empty()) label_help += ", e.g. " + std::string(label_example);
  desc.add_options()("pushgateway", po::value(&push.pushgateway)->value_name("URL"),
                     "push the metrics to this Pushgateway (token from PUSHGATEWAY_TOKEN, if set)")(
      "job", po::value(&push.job)->value_name("NAME"),
      ("the Pushgateway job (default " + std::string(tool) + ")").c_str())(
      "label", po::value(&push.labels)->value_name("NAME=VALUE")->composing(), label_help.c_str());
}

net::MetricLabels push_labels(const PushOptions& push, std::span<const std::string_view> taken) {
  return net::parse_metric_labels(push.labels, taken);
}

void push_if_asked(const PushOptions& push, const std::string& exposition, const net::Options& http,
                   const Io& io) {
  if (push.pushgateway.empty()) return;
  net::push_metrics(push.pushgateway, push.job, exposition, http, io.env("PUSHGATEWAY_TOKEN"));
}

void add_threads_option(po::options_description& desc, int& threads, std::string_view what,
                        std::string_view default_text) {
  desc.add_options()(
      "threads", po::value(&threads)->value_name("N"),
      ("threads for " + std::string(what) + " (default " + std::string(default_text) + ")")
          .c_str());
}

int default_threads() {
  return static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 8u));
}

void check_threads(int threads) {
  if (threads < 1 || threads > 256) {
    throw usage_error("--threads must be 1 to 256, not " + std::to_string(threads));
  }
}

}  // namespace mlops::cli
