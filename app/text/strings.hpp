// The interface's words: every user-visible string goes through tr(key), read
// from one table of (key → English, 简体中文) pairs. The table is data:
// assets/strings/*.json, each file
//
//   {"format": "backstep-strings/1",
//    "strings": {"controls.play": {"en": "Play", "zh": "播放"}, …}}
//
// Files are split by area (app.json, lessons.json, …) but form one table: a
// key defined twice, or missing a language, is an error naming the file and
// the key. Math notation (δ, ∂, σ′, Σ) is the same in both languages and is
// written into the strings as is. No GL here, so tests can check the table.
#pragma once

#include <array>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace backstep {

enum class Language { en = 0, zh = 1 };
inline constexpr int kLanguageCount = 2;

// "en" / "zh"; parse_language accepts those two codes only.
const char* language_code(Language l);
Result<Language> parse_language(std::string_view code);

struct StringTable {
  std::map<std::string, std::array<std::string, kLanguageCount>, std::less<>> entries;
};

// Reads every *.json in `dir` (sorted by name) into one table; core_phrases.json
// (app/text/core_text.hpp) is not a string table and is skipped.
Result<StringTable> read_string_tables(const std::filesystem::path& dir);
// One file's text, merged into `table` (for tests and the reader above).
Status merge_string_table(StringTable& table, const std::string& text, const std::string& file);

// The process-wide table tr() reads, and its language. install_strings()
// replaces the table (the pointers tr() returned before become invalid, so
// call it between frames, never while a frame is being built).
void install_strings(StringTable table);
const StringTable& installed_strings();
void set_language(Language l);
Language current_language();

// The text of `key` in the current language. A key the table lacks returns
// the key itself, so a missing string is visible on screen (and a test over
// the sources catches it) instead of crashing the frame.
const char* tr(std::string_view key);
// The text of `key` in language `l` ("" when the table lacks it).
const char* tr_in(Language l, std::string_view key);
// The same text with a stable ImGui ID: "<text>###<key>", so a widget keeps
// its identity (and a window its place) when the language changes.
const char* tr_id(std::string_view key);

}  // namespace backstep
