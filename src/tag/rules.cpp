#include "tag/rules.h"

#include <algorithm>
#include <charconv>

#include "core/error.h"
#include "core/text.h"
#include "tag/global_expressions.h"
#include "tag/js_regex.h"
#include "tag/rule_lines.h"
#include "tag/semver.h"

namespace mlops::tag {
namespace {

struct TypeInfo {
  const char* name;
  RuleType type;
  std::vector<std::string> keys;  // beyond enable, priority, prefix, suffix
};

const std::vector<TypeInfo>& types() {
  static const std::vector<TypeInfo> all = {
      {"schedule", RuleType::kSchedule, {"pattern"}},
      {"semver", RuleType::kSemver, {"pattern", "value"}},
      {"match", RuleType::kMatch, {"pattern", "group", "value"}},
      {"edge", RuleType::kEdge, {"branch"}},
      {"ref", RuleType::kRef, {"event"}},
      {"raw", RuleType::kRaw, {"value"}},
      {"sha", RuleType::kSha, {"format"}},
      {"model", RuleType::kModel, {}},
      {"digest", RuleType::kDigest, {}},
  };
  return all;
}

TagRule parse_rule(const std::string& line, const std::string& where) {
  std::string type_name;
  std::vector<Attr> attrs;
  for (const std::string& field : split_fields(line, where)) {
    if (trim(field).empty()) {
      throw usage_error(where + ": empty attribute in " + mlops::quoted(line),
                        "remove the stray comma");
    }
    Attr a = split_attr(field, where);
    const bool seen = a.key == "type" ? !type_name.empty()
                                      : std::any_of(attrs.begin(), attrs.end(),
                                                    [&](const Attr& b) { return b.key == a.key; });
    if (seen) throw usage_error(where + ": attribute " + mlops::quoted(a.key) + " is given twice");
    if (a.key == "type") {
      type_name = a.value;
    } else {
      attrs.push_back(std::move(a));
    }
  }
  if (type_name.empty()) type_name = "raw";
  const TypeInfo* info = nullptr;
  std::vector<std::string> type_names;
  for (const TypeInfo& t : types()) {
    type_names.emplace_back(t.name);
    if (type_name == t.name) info = &t;
  }
  if (info == nullptr && type_name == "pep440") {
    throw usage_error(where + ": type=pep440 is not supported by image-tag",
                      "use type=semver or type=match");
  }
  if (info == nullptr) {
    std::string near = nearest(type_name, type_names);
    throw usage_error(where + ": unknown tag type " + mlops::quoted(type_name),
                      (near.empty() ? "" : "did you mean type=" + near + "? ") +
                          "types: " + join(type_names, ", "));
  }

  TagRule r;
  r.type = info->type;
  r.location = where;
  r.priority = default_priority(r.type);
  if (r.type == RuleType::kSchedule) r.pattern = "nightly";
  if (r.type == RuleType::kSha) r.prefix = "sha-";
  if (r.type == RuleType::kDigest) r.prefix = "model-";
  std::vector<std::string> allowed = {"enable", "priority", "prefix", "suffix"};
  allowed.insert(allowed.end(), info->keys.begin(), info->keys.end());
  const std::string kind = std::string("type=") + info->name;
  std::vector<std::string> given;
  for (const Attr& a : attrs) {
    const std::string what = where + " (" + a.key + ")";
    given.push_back(a.key);
    if (std::find(allowed.begin(), allowed.end(), a.key) == allowed.end()) {
      std::string near = nearest(a.key, allowed);
      throw usage_error(where + ": " + kind + " has no attribute " + mlops::quoted(a.key),
                        (near.empty() ? "" : "did you mean " + mlops::quoted(near) + "? ") +
                            "attributes of " + kind + ": " + join(allowed, ", "));
    }
    if (a.key == "enable") {
      if (a.value.find("{{") == std::string::npos && !true_or_false(a.value)) {
        throw usage_error(what + ": enable is " + mlops::quoted(a.value) +
                          ", expected true or false");
      }
      check_template(a.value, what);
      r.enable = a.value;
    } else if (a.key == "priority" || a.key == "group") {
      int v = 0;
      auto [end, ec] = std::from_chars(a.value.data(), a.value.data() + a.value.size(), v);
      if (ec != std::errc() || end != a.value.data() + a.value.size() || a.value.empty() ||
          (a.key == "group" && v < 0)) {
        throw usage_error(what + ": " + a.key + " is " + mlops::quoted(a.value) + ", expected " +
                          (a.key == "group" ? "a capture group number" : "an integer"));
      }
      (a.key == "priority" ? r.priority : r.group) = v;
    } else if (a.key == "prefix" || a.key == "suffix") {
      check_template(a.value, what);
      (a.key == "prefix" ? r.prefix : r.suffix) = a.value;
    } else if (a.key == "pattern") {
      if (a.value.empty()) throw usage_error(what + ": pattern is empty");
      if (r.type == RuleType::kSemver) {
        render(
            a.value, [&](const Call& c) { return eval_semver(c, what, nullptr); }, what);
      } else if (r.type == RuleType::kMatch) {
        [[maybe_unused]] const JsRegex regex(a.value, what);
      } else {
        check_template(a.value, what);
      }
      r.pattern = a.value;
    } else if (a.key == "value") {
      check_template(a.value, what);
      r.value = a.value;
    } else if (a.key == "branch") {
      r.branch = a.value;
    } else if (a.key == "event") {
      static const std::vector<std::string> kEvents = {"branch", "tag", "pr"};
      if (std::find(kEvents.begin(), kEvents.end(), a.value) == kEvents.end()) {
        throw usage_error(what + ": event is " + mlops::quoted(a.value) +
                          ", expected branch, tag or pr");
      }
      r.event = a.value == "branch" ? RefEvent::kBranch
                : a.value == "tag"  ? RefEvent::kTag
                                    : RefEvent::kPr;
    } else if (a.key == "format") {
      if (a.value != "short" && a.value != "long") {
        throw usage_error(what + ": format is " + mlops::quoted(a.value) +
                          ", expected short or long");
      }
      r.long_sha = a.value == "long";
    }
  }
  auto has = [&](const char* key) {
    return std::find(given.begin(), given.end(), key) != given.end();
  };
  auto require = [&](const char* key, const char* example) {
    if (!has(key)) {
      throw usage_error(where + ": " + kind + " needs " + key + "=",
                        std::string("e.g. ") + example);
    }
  };
  if (r.type == RuleType::kSemver) require("pattern", "type=semver,pattern={{version}}");
  if (r.type == RuleType::kMatch) require("pattern", "type=match,pattern=v(.*),group=1");
  if (r.type == RuleType::kRef) require("event", "type=ref,event=branch");
  if (r.type == RuleType::kRaw) require("value", "type=raw,value=stable");
  if (r.type == RuleType::kRef && r.event == RefEvent::kPr && !has("prefix")) r.prefix = "pr-";
  return r;
}
}  // namespace

int default_priority(RuleType type) {
  switch (type) {
    case RuleType::kSchedule:
      return 1000;
    case RuleType::kSemver:
      return 900;
    case RuleType::kMatch:
      return 800;
    case RuleType::kModel:
      return 750;
    case RuleType::kEdge:
      return 700;
    case RuleType::kRef:
      return 600;
    case RuleType::kRaw:
      return 200;
    case RuleType::kDigest:
      return 150;
    case RuleType::kSha:
      return 100;
  }
  return 0;
}

std::vector<TagRule> parse_rules(std::string_view text, const std::string& source_name) {
  std::vector<TagRule> rules;
  for (const auto& [number, line] : content_lines(text)) {
    rules.push_back(parse_rule(line, source_name + ":" + std::to_string(number)));
  }
  return rules.empty() ? default_rules() : rules;
}

std::vector<TagRule> default_rules() {
  return parse_rules("type=schedule\ntype=ref,event=branch\ntype=ref,event=tag\ntype=ref,event=pr",
                     "default tags");
}

Flavor parse_flavor(std::string_view text, const std::string& source_name) {
  Flavor flavor;
  for (const auto& [number, line] : content_lines(text)) {
    const std::string where = source_name + ":" + std::to_string(number);
    std::string last;  // the prefix or suffix an onlatest= on this line refers to
    for (const std::string& field : split_fields(line, where)) {
      if (field.find('=') == std::string::npos) {
        throw usage_error(where + ": flavor entry " + mlops::quoted(field) + " is not key=value",
                          "e.g. latest=auto, prefix=ml-, suffix=-gpu");
      }
      Attr a = split_attr(field, where);
      if (a.key == "latest") {
        if (a.value != "auto" && a.value != "true" && a.value != "false") {
          throw usage_error(where + ": latest is " + mlops::quoted(a.value) +
                            ", expected auto, true or false");
        }
        flavor.latest = a.value == "auto"   ? Latest::kAuto
                        : a.value == "true" ? Latest::kTrue
                                            : Latest::kFalse;
      } else if (a.key == "prefix" || a.key == "suffix") {
        check_template(a.value, where + " (" + a.key + ")");
        (a.key == "prefix" ? flavor.prefix : flavor.suffix) = a.value;
        last = a.key;
      } else if (a.key == "onlatest") {
        if (!true_or_false(a.value) || last.empty()) {
          throw usage_error(where + ": onlatest=" + a.value +
                                " must be true or false and follow "
                                "prefix= or suffix= on the same line",
                            "e.g. suffix=-gpu,onlatest=true");
        }
        (last == "prefix" ? flavor.prefix_on_latest : flavor.suffix_on_latest) = a.value == "true";
      } else {
        static const std::vector<std::string> kKeys = {"latest", "prefix", "suffix", "onlatest"};
        std::string near = nearest(a.key, kKeys);
        throw usage_error(where + ": unknown flavor entry " + mlops::quoted(a.key),
                          (near.empty() ? "" : "did you mean " + mlops::quoted(near) + "? ") +
                              "entries: latest, prefix, suffix, onlatest");
      }
    }
  }
  return flavor;
}
}  // namespace mlops::tag
