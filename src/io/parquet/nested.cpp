// A nested schema as table columns: structs flattened to dotted names, lists and maps as
// columns that are not readable (io/parquet/nested.h).
#include "io/parquet/nested.h"

#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "io/parquet/codec.h"

namespace mlops::io::parquet {
namespace {

namespace pf = format;

// Past these a schema is taken for hostile rather than walked: each name is built from its
// parents', so deep chains of long names would take memory quadratic in the footer.
constexpr std::size_t kMaxDepth = 128;
constexpr std::size_t kMaxNameBytes = std::size_t{64} << 20;

// What a LIST, MAP or MAP_KEY_VALUE annotation makes of a group: "a list", "a map", or null.
const char* collection_of(const pf::SchemaElement& e) {
  if (e.__isset.logicalType && e.logicalType.__isset.LIST) return "a list";
  if (e.__isset.logicalType && e.logicalType.__isset.MAP) return "a map";
  if (!e.__isset.converted_type) return nullptr;
  switch (e.converted_type) {
    case pf::ConvertedType::LIST:
      return "a list";
    case pf::ConvertedType::MAP:
    case pf::ConvertedType::MAP_KEY_VALUE:
      return "a map";
    default:
      return nullptr;
  }
}

bool is_group(const pf::SchemaElement& e) {
  // A group states its children; an element with none and no type is an empty group.
  return e.__isset.num_children && (e.num_children != 0 || !e.__isset.type);
}

// A group on the walk's stack, with what its descendants inherit from it.
struct Group {
  std::int64_t children_left = 0;
  std::string path;                  // dotted; empty for the root
  int def = 0;                       // optional and repeated fields on the path, the group included
  const char* collection = nullptr;  // its LIST/MAP annotation (not for the root)
  // The repeated field the group is in or is (its element index, 0 when none), and the name
  // and kind of the one column that field is.
  std::size_t repeated = 0;
  std::string repeated_column;
  std::string repeated_kind;
};

class Flattener {
 public:
  explicit Flattener(const std::vector<pf::SchemaElement>& elements) : elements_(elements) {}

  Schema run() {
    if (elements_.empty()) throw Corrupt("has no schema in its footer");
    const pf::SchemaElement& root = elements_[0];
    Group top;
    top.children_left = root.__isset.num_children ? root.num_children : 0;
    if (top.children_left < 0) {
      throw Corrupt("has a corrupt schema (" + std::to_string(top.children_left) + " columns)");
    }
    stack_.push_back(std::move(top));
    for (std::size_t i = 1; i < elements_.size(); ++i) add(i);
    if (stack_.size() > 1 || stack_[0].children_left > 0) {
      throw Corrupt("has a corrupt schema (it ends inside the group \"" +
                    (stack_.size() > 1 ? stack_.back().path : std::string()) +
                    "\", which declares more fields)");
    }
    name_duplicates();
    return std::move(schema_);
  }

 private:
  void add(std::size_t index) {
    const pf::SchemaElement& e = elements_[index];
    Group& parent = stack_.back();
    if (parent.children_left == 0) {
      throw Corrupt("has a corrupt schema (the root declares " +
                    std::to_string(elements_[0].num_children) + " fields, more follow)");
    }
    --parent.children_left;
    Group node = child_of(parent, index);
    if (is_group(e)) {
      if (e.num_children < 0) {
        throw Corrupt("has a corrupt schema (the group \"" + node.path + "\" has " +
                      std::to_string(e.num_children) + " fields)");
      }
      if (stack_.size() > kMaxDepth) {
        throw Unsupported("the schema is nested more than " + std::to_string(kMaxDepth) +
                          " levels deep, which is not read");
      }
      node.children_left = e.num_children;
      node.collection = collection_of(e);
      stack_.push_back(std::move(node));
    } else {
      add_leaf(e, node);
    }
    while (stack_.size() > 1 && stack_.back().children_left == 0) stack_.pop_back();
  }

  // The node at `index` below `parent`: its path, definition level and repeated field.
  Group child_of(const Group& parent, std::size_t index) {
    const pf::SchemaElement& e = elements_[index];
    const bool repeated =
        e.__isset.repetition_type && e.repetition_type == pf::FieldRepetitionType::REPEATED;
    const bool optional =
        e.__isset.repetition_type && e.repetition_type == pf::FieldRepetitionType::OPTIONAL;
    Group node;
    node.path = parent.path.empty() ? e.name : parent.path + "." + e.name;
    name_bytes_ += node.path.size();
    if (name_bytes_ > kMaxNameBytes) {
      throw Unsupported("the schema's names take more than " + std::to_string(kMaxNameBytes >> 20) +
                        " MiB, which is not read");
    }
    node.def = parent.def + (optional || repeated ? 1 : 0);
    node.repeated = parent.repeated;
    node.repeated_column = parent.repeated_column;
    node.repeated_kind = parent.repeated_kind;
    if (node.repeated == 0 && repeated) {
      // A list or map is its annotated group (LIST > repeated list > element); a repeated
      // field that nothing annotates is a list of its own (the format's backward rules).
      const bool inside = parent.collection != nullptr;
      node.repeated = index;
      node.repeated_column = inside ? parent.path : node.path;
      const char* own = collection_of(e);
      node.repeated_kind = inside ? parent.collection : own != nullptr ? own : "a repeated field";
    }
    return node;
  }

  void add_leaf(const pf::SchemaElement& e, const Group& node) {
    const std::size_t chunk = schema_.leaves++;
    if (!e.__isset.type) {
      throw Corrupt("column \"" + node.path + "\": a primitive column without a physical type");
    }
    if (node.repeated != 0) {
      // One column for all the leaves of a list or map (they come one after another).
      if (node.repeated == last_repeated_) return;
      last_repeated_ = node.repeated;
      Column c;
      c.name = node.repeated_column;
      c.physical = e.type;
      c.chunk = chunk;
      c.unreadable = node.repeated_kind + " (any number of values in a row), which is not read";
      schema_.columns.push_back(std::move(c));
      return;
    }
    Column c;
    try {
      c = resolve_column(e);
    } catch (const Unsupported& u) {
      c.physical = e.type;
      c.unreadable = u.what();
    } catch (const Corrupt& damage) {
      throw Corrupt("column \"" + node.path + "\": " + damage.what());
    }
    c.name = node.path;
    c.max_def = node.def;
    c.optional = node.def > 0;
    c.chunk = chunk;
    schema_.columns.push_back(std::move(c));
  }

  // Columns that share a name are not readable: a tool finds a column by its name.
  void name_duplicates() {
    std::unordered_map<std::string_view, std::size_t> first;
    const char* const why = "another column has the same name, which is not read";
    for (std::size_t i = 0; i < schema_.columns.size(); ++i) {
      const auto [it, added] = first.emplace(schema_.columns[i].name, i);
      if (added) continue;
      schema_.columns[it->second].unreadable = why;
      schema_.columns[i].unreadable = why;
    }
  }

  const std::vector<pf::SchemaElement>& elements_;
  std::vector<Group> stack_;
  Schema schema_;
  std::size_t name_bytes_ = 0;
  std::size_t last_repeated_ = 0;
};

}  // namespace

Schema flatten_schema(const std::vector<pf::SchemaElement>& elements) {
  return Flattener(elements).run();
}

}  // namespace mlops::io::parquet
