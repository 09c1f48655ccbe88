// The verdicts of dictionary values (validate/value_verdict.h): judged once per entry of the
// dictionary met last, and never carried over to another dictionary, whose codes mean other
// values.
#include "validate/value_verdict.h"

#include <gtest/gtest.h>

#include <string>

#include "validate/column_state.h"
#include "validate/contract.h"

namespace mlops::validate {
namespace {

const char* kContract = R"(columns:
  code:
    type: string
    allowed: [a, b]
    pattern: '[a-z]'
  amount:
    type: integer
    min: 0
)";

io::Field from_dictionary(std::string_view text, std::uint32_t dictionary, std::uint32_t code) {
  io::Field f;
  f.text = text;
  f.dictionary = dictionary;
  f.code = code;
  return f;
}

TEST(VerdictMemoTest, AnEntryKeepsItsVerdictWithinItsDictionary) {
  const Contract c = parse_contract(kContract, "contract.yaml");
  const ColumnSpec& spec = c.columns[0];
  ColumnState st(spec);
  VerdictMemo memo;
  const std::uint32_t d = io::new_dictionary_id();
  EXPECT_EQ(memo.judge(spec, st, from_dictionary("b", d, 1)).allowed_at, 1u);
  EXPECT_EQ(memo.judge(spec, st, from_dictionary("a", d, 0)).allowed_at, 0u);
  EXPECT_EQ(memo.judge(spec, st, from_dictionary("b", d, 1)).allowed_at, 1u);
}

TEST(VerdictMemoTest, ANewDictionaryIsJudgedAfresh) {
  // Row group 1's dictionary is [a, Z], row group 2's [Z, a]: code 0 is first "a", then "Z".
  const Contract c = parse_contract(kContract, "contract.yaml");
  const ColumnSpec& spec = c.columns[0];
  ColumnState st(spec);
  VerdictMemo memo;
  const std::uint32_t first = io::new_dictionary_id();
  const std::uint32_t second = io::new_dictionary_id();
  ASSERT_NE(first, second);
  const ValueVerdict a = memo.judge(spec, st, from_dictionary("a", first, 0));
  EXPECT_EQ(a.allowed_at, 0u);
  EXPECT_TRUE(a.pattern_ok);
  const ValueVerdict z = memo.judge(spec, st, from_dictionary("Z", second, 0));
  EXPECT_EQ(z.allowed_at, ValueIndex::kNone);
  EXPECT_FALSE(z.pattern_ok);
  EXPECT_EQ(memo.judge(spec, st, from_dictionary("a", second, 1)).allowed_at, 0u);
}

TEST(VerdictMemoTest, ValuesOfNoDictionaryAreJudgedEachTime) {
  const Contract c = parse_contract(kContract, "contract.yaml");
  const ColumnSpec& spec = c.columns[1];
  ColumnState st(spec);
  VerdictMemo memo;
  io::Field f;
  f.text = "5";
  const ValueVerdict five = memo.judge(spec, st, f);
  EXPECT_EQ(five.kind, ValueVerdict::Kind::kValue);
  EXPECT_EQ(five.value, 5.0);
  f.text = "-1";  // code 0 of "dictionary" 0 again, a different value
  const ValueVerdict minus = memo.judge(spec, st, f);
  EXPECT_EQ(minus.value, -1.0);
  EXPECT_TRUE(minus.below_min);
  f.text = "1.5";
  EXPECT_EQ(memo.judge(spec, st, f).kind, ValueVerdict::Kind::kBadType);
  f.text = "NaN";
  EXPECT_EQ(memo.judge(spec, st, f).kind, ValueVerdict::Kind::kNull);
}

}  // namespace
}  // namespace mlops::validate
