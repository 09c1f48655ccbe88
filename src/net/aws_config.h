#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

// Where S3 requests go and what signs them, resolved the way the AWS CLI and SDKs resolve it,
// so that a runner or laptop already set up for `aws s3 cp` needs nothing more.
namespace mlops::net {

// The environment, as a seam: tests pass a map, the tools ::getenv.
using Getenv = std::function<std::optional<std::string>(const std::string&)>;
Getenv process_env();
// The value of `name` in `env`, "" when unset (or `env` is empty).
std::string env_text(const Getenv& env, const std::string& name);

struct AwsCredentials {
  std::string access_key_id;
  std::string secret_access_key;  // secret: sent to libcurl's signer only, never printed
  std::string session_token;      // secret: x-amz-security-token
  bool empty() const { return access_key_id.empty(); }
};

struct AwsSettings {
  AwsCredentials credentials;  // empty: requests go unsigned (public buckets)
  std::string region;          // never empty: us-east-1 when nothing says otherwise
  // "scheme://host[:port]" without a trailing slash; empty: AWS itself
  // (https://s3.<region>.amazonaws.com).
  std::string endpoint;
  bool path_style = false;  // https://endpoint/bucket/key instead of https://bucket.endpoint/key
  std::string profile;      // the profile the files were read for
};

// Resolves, first match wins:
//   credentials  AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN); else the
//                profile's aws_access_key_id/aws_secret_access_key/aws_session_token in the
//                shared credentials file (AWS_SHARED_CREDENTIALS_FILE, ~/.aws/credentials),
//                then in the config file (AWS_CONFIG_FILE, ~/.aws/config)
//   profile      AWS_PROFILE, else "default" ([default] / [profile NAME] in the config file)
//   region       AWS_REGION, AWS_DEFAULT_REGION, the profile's `region`, us-east-1
//   endpoint     AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL, the profile's `endpoint_url` (also
//                under its `s3 =` section), else AWS
//   path style   MLOPS_S3_ADDRESSING_STYLE=path|virtual, else the profile's
//                `s3 =\n  addressing_style = path|virtual`, else virtual-hosted
// Usage error (exit 2): a key id without a secret or the other way round, AWS_PROFILE naming a
// profile no file has, an endpoint that is not an http(s) URL, an unknown addressing style.
AwsSettings aws_settings(const Getenv& env);

// The value of `key` in `section` of an AWS shared credentials/config file's text (INI:
// "[name]", "key = value", '#' and ';' comments; indented "key = value" lines under a "s3 ="
// line are found as "s3.key"). Keys match in any case. Exposed for tests.
std::optional<std::string> ini_value(std::string_view text, std::string_view section,
                                     std::string_view key);

}  // namespace mlops::net
