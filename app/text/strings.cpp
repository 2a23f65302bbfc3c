#include "app/text/strings.hpp"

#include <algorithm>
#include <unordered_map>
#include <utility>

#include "app/text/core_text.hpp"
#include "formats/file_io.hpp"
#include "formats/json_util.hpp"

namespace backstep {

namespace {

StringTable& table() {
  static StringTable t;
  return t;
}
Language& language() {
  static Language l = Language::en;
  return l;
}
// tr_id's "<text>###<key>" strings, built once per (language, key) and kept
// until the table or the language changes, so the returned pointers stay valid
// for the whole frame.
std::unordered_map<std::string, std::string>& id_cache() {
  static std::unordered_map<std::string, std::string> c;
  return c;
}

}  // namespace

const char* language_code(Language l) {
  return l == Language::zh ? "zh" : "en";
}

Result<Language> parse_language(std::string_view code) {
  if (code == "en") return Language::en;
  if (code == "zh") return Language::zh;
  return Error{"unknown language \"" + std::string(code) + "\" (expected en or zh)"};
}

Status merge_string_table(StringTable& out, const std::string& text, const std::string& file) {
  using namespace json_util;
  Result<Json> parsed = parse(text, file);
  if (!parsed.ok()) return parsed.error();
  const Json& doc = parsed.value();
  try {
    const Json& root = object_at(doc, "");
    const std::string format = string_at(member(root, "format", ""), "/format");
    if (format != "backstep-strings/1") {
      return Error{file + ":/format: expected \"backstep-strings/1\", got \"" + format + "\""};
    }
    const Json& strings = object_at(member(root, "strings", ""), "/strings");
    StringTable add;
    for (const auto& [key, value] : strings.items()) {
      const std::string path = child("/strings", key);
      if (out.entries.count(key) != 0) return Error{file + ":" + path + ": key defined twice"};
      const Json& entry = object_at(value, path);
      std::array<std::string, kLanguageCount> texts;
      for (int l = 0; l < kLanguageCount; ++l) {
        const char* code = language_code(static_cast<Language>(l));
        texts[l] = string_at(member(entry, code, path), child(path, code));
        if (texts[l].empty()) return Error{file + ":" + child(path, code) + ": empty text"};
      }
      add.entries.emplace(key, std::move(texts));
    }
    out.entries.merge(add.entries);
  } catch (const JsonError& e) {
    return to_error(e, file);
  }
  return Ok{};
}

Result<StringTable> read_string_tables(const std::filesystem::path& dir) {
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    // core_phrases.json lives here too (the CJK glyphs are baked from this
    // folder) but is the engine text's phrase table, not a string table.
    if (e.path().extension() == ".json" && e.path().filename() != kCorePhrasesFile)
      files.push_back(e.path());
  }
  if (ec) return Error{dir.string() + ": cannot list the string tables: " + ec.message()};
  if (files.empty()) return Error{dir.string() + ": no string tables (*.json)"};
  std::sort(files.begin(), files.end());
  StringTable t;
  for (const auto& f : files) {
    Result<std::string> text = read_file(f.string());
    if (!text.ok()) return text.error();
    if (Status s = merge_string_table(t, text.value(), f.string()); !s.ok()) return s.error();
  }
  return t;
}

void install_strings(StringTable t) {
  table() = std::move(t);
  id_cache().clear();
}

const StringTable& installed_strings() {
  return table();
}

void set_language(Language l) {
  if (language() != l) id_cache().clear();
  language() = l;
}

Language current_language() {
  return language();
}

const char* tr(std::string_view key) {
  const auto& entries = table().entries;
  const auto it = entries.find(key);
  if (it == entries.end()) {
    // Keep the key alive for the caller: the id cache owns a copy.
    std::string cache_key(1, '?');  // built by appending: GCC 12 -Wrestrict misfires on "?" + s
    cache_key += key;
    auto [at, inserted] = id_cache().try_emplace(std::move(cache_key), std::string(key));
    (void)inserted;
    return at->second.c_str();
  }
  return it->second[static_cast<int>(language())].c_str();
}

const char* tr_in(Language l, std::string_view key) {
  const auto& entries = table().entries;
  const auto it = entries.find(key);
  return it == entries.end() ? "" : it->second[static_cast<int>(l)].c_str();
}

const char* tr_id(std::string_view key) {
  auto [at, inserted] = id_cache().try_emplace(std::string(key));
  if (inserted) at->second = std::string(tr(key)) + "###" + std::string(key);
  return at->second.c_str();
}

}  // namespace backstep
