#pragma once

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>

#include "core/error.h"

namespace mlops::testing {

// The Error that `f` throws; fails the test if it throws nothing.
template <typename F>
Error error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "expected an Error";
  return Error(ExitCode::kPass, "no error");
}

// The exit code of the Error that `f` throws, kPass when it throws none (so an expectation of
// a refusal fails with the code that was had instead).
template <typename F>
ExitCode code_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.code();
  }
  return ExitCode::kPass;
}

// Expects that the message of `e` holds none of `secrets` (passwords, tokens).
inline void expect_no_secret(const Error& e, std::initializer_list<std::string> secrets) {
  for (const auto& secret : secrets) {
    EXPECT_EQ(e.message().find(secret), std::string::npos) << e.message();
  }
}

}  // namespace mlops::testing
