#include "app/text/core_text.hpp"

#include <algorithm>
#include <array>
#include <set>
#include <utility>

#include "app/text/strings.hpp"
#include "formats/file_io.hpp"
#include "formats/json_util.hpp"

namespace backstep {

namespace {

constexpr int kMaxPlaceholders = 10;  // {0} … {9}

// A phrase split into literal runs and placeholders: en "a {0} b" → "a ", {0}, " b".
struct Part {
  std::string literal;  // empty for a placeholder
  int slot = -1;        // ≥ 0 for a placeholder
};

struct Pattern {
  std::vector<Part> en, zh;
  std::size_t length = 0;  // of the English text: longer phrases are tried first
};

// The phrases ready to match, grouped by their first byte (a phrase always
// begins with a literal).
struct Compiled {
  std::array<std::vector<Pattern>, 256> by_first;
};

bool is_letter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

std::vector<Part> split(const std::string& text) {
  std::vector<Part> parts;
  std::string lit;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '{' && i + 2 < text.size() && text[i + 1] >= '0' && text[i + 1] <= '9' &&
        text[i + 2] == '}') {
      if (!lit.empty()) parts.push_back({std::move(lit), -1});
      lit.clear();
      parts.push_back({"", text[i + 1] - '0'});
      i += 2;
    } else {
      lit += text[i];
    }
  }
  if (!lit.empty()) parts.push_back({std::move(lit), -1});
  return parts;
}

std::set<int> slots(const std::vector<Part>& parts) {
  std::set<int> out;
  for (const Part& p : parts)
    if (p.slot >= 0) out.insert(p.slot);
  return out;
}

// Why `phrase` cannot be used ("" when it can).
std::string check(const CorePhrase& phrase) {
  if (phrase.en.empty() || phrase.zh.empty()) return "empty text";
  const std::vector<Part> en = split(phrase.en), zh = split(phrase.zh);
  if (en.front().slot >= 0) return "the English begins with a placeholder";
  for (std::size_t i = 1; i < en.size(); ++i) {
    if (en[i].slot >= 0 && en[i - 1].slot >= 0) return "two placeholders side by side";
  }
  if (slots(en).size() != static_cast<std::size_t>(std::count_if(
                              en.begin(), en.end(), [](const Part& p) { return p.slot >= 0; }))) {
    return "a placeholder used twice in the English";
  }
  if (slots(en) != slots(zh)) return "the placeholders differ between en and zh";
  return "";
}

Compiled compile(const CorePhrases& phrases) {
  Compiled c;
  for (const CorePhrase& p : phrases.phrases) {
    if (!check(p).empty()) continue;  // parse_core_phrases reports these
    Pattern pat{split(p.en), split(p.zh), p.en.size()};
    c.by_first[static_cast<unsigned char>(p.en[0])].push_back(std::move(pat));
  }
  for (auto& list : c.by_first) {
    std::stable_sort(list.begin(), list.end(),
                     [](const Pattern& a, const Pattern& b) { return a.length > b.length; });
  }
  return c;
}

using Captures = std::array<std::string_view, kMaxPlaceholders>;

// Matches parts[k…] at text[pos…]; the end of the match, or npos.
std::size_t match(std::string_view text, const std::vector<Part>& parts, std::size_t k,
                  std::size_t pos, Captures& caps) {
  if (k == parts.size()) return pos;
  const Part& p = parts[k];
  if (p.slot < 0) {
    if (text.substr(pos, p.literal.size()) != p.literal) return std::string_view::npos;
    return match(text, parts, k + 1, pos + p.literal.size(), caps);
  }
  if (k + 1 < parts.size()) {
    // The longest token after which the rest matches ("0.1." before "." is 0.1).
    std::size_t longest = pos;
    while (longest < text.size() && !is_space(text[longest])) ++longest;
    for (std::size_t end = longest; end > pos; --end) {
      const std::size_t r = match(text, parts, k + 1, end, caps);
      if (r != std::string_view::npos) {
        caps[p.slot] = text.substr(pos, end - pos);
        return r;
      }
    }
    return std::string_view::npos;
  }
  // Last: the whole token, without the punctuation that ends a clause.
  std::size_t end = pos;
  while (end < text.size() && !is_space(text[end]) && text[end] != ',' && text[end] != ';' &&
         text[end] != ':' && text[end] != ')')
    ++end;
  if (end > pos + 1 && text[end - 1] == '.') --end;
  if (end == pos) return std::string_view::npos;
  caps[p.slot] = text.substr(pos, end - pos);
  return end;
}

std::string localize(std::string_view text, const Compiled& c) {
  std::string out;
  out.reserve(text.size() + text.size() / 2);
  std::size_t i = 0;
  while (i < text.size()) {
    const auto& candidates = c.by_first[static_cast<unsigned char>(text[i])];
    bool replaced = false;
    const bool word_start = i == 0 || !is_letter(text[i - 1]);
    for (const Pattern& pat : candidates) {
      if (is_letter(pat.en.front().literal.front()) && !word_start) break;
      Captures caps{};
      const std::size_t end = match(text, pat.en, 0, i, caps);
      if (end == std::string_view::npos) continue;
      const Part& last = pat.en.back();
      if (last.slot < 0 && is_letter(last.literal.back()) && end < text.size() &&
          is_letter(text[end]))
        continue;  // "loss" must not match the start of "lossy"
      for (const Part& z : pat.zh) {
        if (z.slot >= 0) {
          out += caps[z.slot];
        } else {
          out += z.literal;
        }
      }
      i = end;
      replaced = true;
      break;
    }
    if (!replaced) out += text[i++];
  }
  return out;
}

Compiled& installed() {
  static Compiled c;
  return c;
}

}  // namespace

Result<CorePhrases> parse_core_phrases(const std::string& text, const std::string& file) {
  using namespace json_util;
  Result<Json> parsed = parse(text, file);
  if (!parsed.ok()) return parsed.error();
  CorePhrases out;
  try {
    const Json& root = object_at(parsed.value(), "");
    const std::string format = string_at(member(root, "format", ""), "/format");
    if (format != "backstep-core-phrases/1") {
      return Error{file + ":/format: expected \"backstep-core-phrases/1\", got \"" + format + "\""};
    }
    const Json& list = array_at(member(root, "phrases", ""), "/phrases");
    std::set<std::string> seen;
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string path = child("/phrases", i);
      const Json& entry = object_at(list[i], path);
      CorePhrase p{string_at(member(entry, "en", path), child(path, "en")),
                   string_at(member(entry, "zh", path), child(path, "zh"))};
      if (const std::string why = check(p); !why.empty()) {
        return Error{file + ":" + path + ": \"" + p.en + "\": " + why};
      }
      if (!seen.insert(p.en).second) {
        return Error{file + ":" + path + ": \"" + p.en + "\": defined twice"};
      }
      out.phrases.push_back(std::move(p));
    }
  } catch (const JsonError& e) {
    return to_error(e, file);
  }
  return out;
}

Result<CorePhrases> read_core_phrases(const std::filesystem::path& file) {
  Result<std::string> text = read_file(file.string());
  if (!text.ok()) return text.error();
  return parse_core_phrases(text.value(), file.string());
}

void install_core_phrases(CorePhrases phrases) {
  installed() = compile(phrases);
}

std::string localize_core_text(std::string_view english) {
  if (current_language() == Language::en) return std::string(english);
  return localize(english, installed());
}

std::string localize_core_text(std::string_view english, const CorePhrases& phrases) {
  if (current_language() == Language::en) return std::string(english);
  return localize(english, compile(phrases));
}

}  // namespace backstep
