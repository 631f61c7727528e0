#include "views/json_writer.hpp"
#include "views/values.hpp"

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>

namespace agentry::views {
namespace {

TEST(JsonWriter, PlacesCommasInNestedStructures) {
  JsonWriter w;
  w.begin_object();
  w.key("a").integer(1);
  w.key("b").begin_array().string("x").boolean(true).null().begin_object().end_object().end_array();
  w.key("c").begin_object().key("d").number(1.5).key("e").strings({"p", "q"}).end_object();
  w.key("f").optional_string(std::nullopt).key("g").optional_integer(7);
  w.key("h").raw(R"({"z":0})");
  w.end_object();
  const std::string text = w.take();
  EXPECT_EQ(text, R"({"a":1,"b":["x",true,null,{}],"c":{"d":1.5,"e":["p","q"]},"f":null,"g":7,)"
                  R"("h":{"z":0}})");
  EXPECT_NO_THROW((void)boost::json::parse(text));
}

TEST(JsonWriter, EscapesStrings) {
  JsonWriter w;
  w.begin_object().key("k").string("line\nbreak \"quoted\"").end_object();
  EXPECT_EQ(w.take(), R"({"k":"line\nbreak \"quoted\""})");
}

}  // namespace
}  // namespace agentry::views

namespace agentry::views {
namespace {

TEST(WriteCredits, WritesPlainDecimalsNeverExponentsAndKeepsEveryMicroCredit) {
  auto text = [](std::int64_t micro) {
    JsonWriter w;
    write_credits(w, micro);
    return w.take();
  };
  EXPECT_EQ(text(1), "0.000001");
  EXPECT_EQ(text(22'500'000), "22.5");
  EXPECT_EQ(text(15'000'000), "15");
  EXPECT_EQ(text(0), "0");
  EXPECT_EQ(text(-1'250'000), "-1.25");
  EXPECT_EQ(text(9'007'199'254'740'993), "9007199254.740993");  // past a double's precision
}

}  // namespace
}  // namespace agentry::views
