#include "attest/dsse.h"

#include <boost/json.hpp>

#include "core/base64.h"
#include "core/error.h"
#include "core/text.h"
#include "json/write.h"

namespace mlops::attest {
namespace {

namespace json = boost::json;

Error malformed(const std::string& what) {
  return input_error("malformed DSSE envelope: " + what, "give the file written by --attest-out");
}

// DSSE verifiers must accept standard and URL-safe base64. Text without '+' and '/' decodes
// the same in both, and the URL-safe decoder also takes it unpadded.
std::string decode_field(std::string_view text, const std::string& what) {
  bool standard = text.find_first_of("+/") != std::string_view::npos;
  return base64_decode(text, what, standard ? Base64Alphabet::kStandard : Base64Alphabet::kUrlSafe);
}

const json::string& string_field(const json::object& o, std::string_view key,
                                 const std::string& where) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr) throw malformed("no \"" + std::string(key) + "\" in " + where);
  if (!v->is_string()) {
    throw malformed("\"" + std::string(key) + "\" in " + where + " is not a string");
  }
  return v->get_string();
}

}  // namespace

std::string pae(std::string_view payload_type, std::string_view payload) {
  std::string out = "DSSEv1 ";
  out += std::to_string(payload_type.size());
  out += ' ';
  out += payload_type;
  out += ' ';
  out += std::to_string(payload.size());
  out += ' ';
  out += payload;
  return out;
}

std::string sign_envelope(std::string_view payload_type, std::string_view payload,
                          const Signer& signer) {
  std::string sig = signer.sign(pae(payload_type, payload));
  json::object envelope;
  envelope["payloadType"] = payload_type;
  envelope["payload"] = base64_encode(payload);
  envelope["signatures"] =
      json::array{json::object{{"keyid", signer.keyid()}, {"sig", base64_encode(sig)}}};
  return mlops::json::serialize(envelope);
}

VerifiedEnvelope verify_envelope(std::string_view envelope_json, const Verifier& verifier,
                                 std::string_view expected_payload_type) {
  json::error_code ec;
  json::value doc = json::parse(envelope_json, ec);
  if (ec) throw malformed("not JSON (" + ec.message() + ")");
  if (!doc.is_object()) throw malformed("not a JSON object");
  const json::object& envelope = doc.get_object();

  VerifiedEnvelope out;
  out.payload_type = string_field(envelope, "payloadType", "the top-level object");
  out.payload = decode_field(string_field(envelope, "payload", "the top-level object"),
                             "the envelope's payload");
  const json::value* sigs = envelope.if_contains("signatures");
  if (sigs == nullptr || !sigs->is_array() || sigs->get_array().empty()) {
    throw malformed("\"signatures\" is missing, not a list, or empty");
  }

  std::string message = pae(out.payload_type, out.payload);
  bool verified = false;
  std::size_t index = 0;
  for (const json::value& s : sigs->get_array()) {
    std::string where = "signature " + std::to_string(++index);
    if (!s.is_object()) throw malformed(where + " is not an object");
    std::string sig =
        decode_field(string_field(s.get_object(), "sig", where), "the envelope's " + where);
    std::string keyid;
    if (const json::value* k = s.get_object().if_contains("keyid"); k != nullptr) {
      if (!k->is_string()) throw malformed("\"keyid\" in " + where + " is not a string");
      keyid = k->get_string();
    }
    if (!verified && verifier.verify(message, sig)) {
      verified = true;
      out.keyid = keyid;
    }
  }
  if (!verified) {
    throw Error(ExitCode::kFail,
                "no signature in the envelope verifies with the public key (keyid " +
                    verifier.keyid() + ")",
                "the envelope was altered, or was signed by another key");
  }
  // Checked after the signature, so that an unsigned type is not echoed as if it meant anything.
  if (!expected_payload_type.empty() && out.payload_type != expected_payload_type) {
    throw Error(ExitCode::kFail,
                "the envelope's payload type is " + mlops::quoted(out.payload_type) +
                    ", expected " + mlops::quoted(expected_payload_type),
                "this is not an attestation of ours");
  }
  return out;
}

}  // namespace mlops::attest
