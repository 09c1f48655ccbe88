#include "io/date_format.h"

#include <gtest/gtest.h>

#include "io/value_parse.h"

namespace mlops::io {
namespace {

double day(int y, unsigned m, unsigned d) { return static_cast<double>(days_from_civil(y, m, d)); }
double at(int y, unsigned m, unsigned d, int hh, int mm, int ss) {
  return day(y, m, d) * 86400.0 + hh * 3600.0 + mm * 60.0 + ss;
}

TEST(DateFormatTest, ParsesCommonFormats) {
  EXPECT_EQ(parse_with_format("%d/%m/%Y", "05/01/2024", true), day(2024, 1, 5));
  EXPECT_EQ(parse_with_format("%m/%d/%Y", "1/5/2024", true), day(2024, 1, 5));
  EXPECT_EQ(parse_with_format("%Y%m%d", "20240105", true), day(2024, 1, 5));
  EXPECT_EQ(parse_with_format("%Y-%m-%d %H:%M", "2024-01-05 10:30", false),
            at(2024, 1, 5, 10, 30, 0));
  EXPECT_EQ(parse_with_format("%F %T", "2024-01-05 10:30:59", false), at(2024, 1, 5, 10, 30, 59));
  EXPECT_EQ(parse_with_format("%d %b %Y", "05 jan 2024", true), day(2024, 1, 5));
  EXPECT_EQ(parse_with_format("%B %d, %Y", "February 29, 2024", true), day(2024, 2, 29));
  EXPECT_EQ(parse_with_format("%a %d %b %Y", "Fri 05 Jan 2024", true), day(2024, 1, 5));
  EXPECT_EQ(parse_with_format("%I:%M %p %D", "12:15 AM 01/05/24", false), at(2024, 1, 5, 0, 15, 0));
  EXPECT_EQ(parse_with_format("%I:%M %p %D", "01:15 pm 01/05/69", false),
            at(1969, 1, 5, 13, 15, 0));
  EXPECT_EQ(parse_with_format("%Y-%j", "2024-060", true), day(2024, 2, 29));
  EXPECT_EQ(parse_with_format("%Y-%m", "2024-03", true), day(2024, 3, 1));
  EXPECT_EQ(parse_with_format("%FT%T%z", "2024-01-05T10:00:00+02:00", false),
            at(2024, 1, 5, 8, 0, 0));
  EXPECT_EQ(parse_with_format("%FT%T%z", "2024-01-05T10:00:00-0130", false),
            at(2024, 1, 5, 11, 30, 0));
  EXPECT_EQ(parse_with_format("%F %R %Z", "2024-01-05 10:00 UTC", false), at(2024, 1, 5, 10, 0, 0));
  EXPECT_EQ(parse_with_format("%e.%m.%Y", " 5.01.2024", true), day(2024, 1, 5));
  EXPECT_EQ(parse_with_format("%Y%%", "2024%", true), day(2024, 1, 1));
  // A date column ignores the time of day and the offset: the date as written.
  EXPECT_EQ(parse_with_format("%F %H:%M%z", "2024-01-05 23:00-05:00", true), day(2024, 1, 5));
}

TEST(DateFormatTest, RefusesImpossibleDatesAndTimes) {
  EXPECT_FALSE(parse_with_format("%Y-%m-%d", "2024-02-30", true));
  EXPECT_FALSE(parse_with_format("%Y-%m-%d", "2023-02-29", true));  // not a leap year
  EXPECT_FALSE(parse_with_format("%Y-%m-%d", "1900-02-29", true));  // nor is 1900
  EXPECT_TRUE(parse_with_format("%Y-%m-%d", "2000-02-29", true));   // 2000 is
  EXPECT_FALSE(parse_with_format("%d/%m/%Y", "31/04/2024", true));
  EXPECT_FALSE(parse_with_format("%d/%m/%Y", "00/04/2024", true));
  EXPECT_FALSE(parse_with_format("%d/%m/%Y", "10/13/2024", true));
  EXPECT_FALSE(parse_with_format("%d/%m/%Y", "10/00/2024", true));
  EXPECT_FALSE(parse_with_format("%F %H:%M", "2024-01-05 24:00", false));
  EXPECT_FALSE(parse_with_format("%F %H:%M", "2024-01-05 10:60", false));
  EXPECT_FALSE(parse_with_format("%F %T", "2024-01-05 10:00:61", false));
  EXPECT_TRUE(parse_with_format("%F %T", "2024-01-05 23:59:60", false));  // a leap second
  EXPECT_FALSE(parse_with_format("%I:%M %p %F", "13:00 PM 2024-01-05", false));
  EXPECT_FALSE(parse_with_format("%I:%M %p %F", "00:00 AM 2024-01-05", false));
  EXPECT_FALSE(parse_with_format("%Y-%j", "2023-366", true));
  EXPECT_FALSE(parse_with_format("%Y-%j", "2024-000", true));
  EXPECT_FALSE(parse_with_format("%a %F", "Mon 2024-01-05", true));  // a Friday
  EXPECT_FALSE(parse_with_format("%FT%T%z", "2024-01-05T10:00:00+24:00", false));
}

TEST(DateFormatTest, SpacesMatchExactly) {
  EXPECT_FALSE(parse_with_format("%Y-%m-%d", " 2024-01-05", true));
  EXPECT_FALSE(parse_with_format("%Y-%m-%d", "2024-01-05 ", true));
  EXPECT_FALSE(parse_with_format("%Y-%m-%d", "2024- 1-05", true));
  EXPECT_FALSE(parse_with_format("%Y-%m-%d %H:%M", "2024-01-05  10:30", false));
  EXPECT_FALSE(parse_with_format("%Y-%m-%d %H:%M", "2024-01-0510:30", false));
  EXPECT_FALSE(parse_with_format("%Y-%m-%d %H:%M", "2024-01-05\t10:30", false));
  EXPECT_FALSE(parse_with_format("%Y-%m-%d %H:%M", "2024-01-05 \n10:30", false));
  EXPECT_FALSE(parse_with_format("%d %b %Y", "05  jan 2024", true));
  EXPECT_FALSE(parse_with_format("%e.%m.%Y", "  5.01.2024", true));
}

TEST(DateFormatTest, RefusesMalformedText) {
  EXPECT_FALSE(parse_with_format("%Y-%m-%d", "24-01-05", true));     // %Y is four digits
  EXPECT_FALSE(parse_with_format("%Y-%m-%d", "2024-001-05", true));  // at most two
  EXPECT_FALSE(parse_with_format("%Y-%m-%d", "2024-+1-05", true));
  EXPECT_FALSE(parse_with_format("%Y-%m-%d", "2024/01/05", true));
  EXPECT_FALSE(parse_with_format("%Y-%m-%d", "", true));
  EXPECT_FALSE(parse_with_format("%d %b %Y", "05 janv 2024", true));
  EXPECT_FALSE(parse_with_format("%F %Z", "2024-01-05 CET", true));
}

TEST(DateFormatTest, ChecksTheFormatItself) {
  EXPECT_EQ(check_date_format("%d/%m/%Y %H:%M"), "");
  EXPECT_EQ(check_date_format("%F"), "");
  EXPECT_EQ(check_date_format("%d/%m"), "the format has no year (%Y, %y, %F or %D)");
  EXPECT_EQ(check_date_format("%Y-%m-%"), "the format ends with a lone %");
  EXPECT_EQ(check_date_format("%Y %U"), "unsupported directive %U in the format");
  EXPECT_EQ(check_date_format("%s"), "unsupported directive %s in the format");
  EXPECT_EQ(check_date_format(""), "the format has no year (%Y, %y, %F or %D)");
}

}  // namespace
}  // namespace mlops::io
