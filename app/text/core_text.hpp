// Text built by the engine (core/ stays language-free: tracer notes and phase
// tags, Session::message, Divergence::summary) reaches the screen through
// localize_core_text(), gettext-style: the English text is the key.
//
// The phrases are data, assets/strings/core_phrases.json:
//
//   {"format": "backstep-core-phrases/1",
//    "phrases": [{"en": "biases are not regularized", "zh": "偏置不参与正则化"},
//                {"en": "the loss of sample {0} of the batch of {1}",
//                 "zh": "批量（共 {1} 个样本）中第 {0} 个样本的损失"}, …]}
//
// In Chinese every known phrase is replaced, the longest first at each place
// of the text; everything else (the math δ ∂ σ′ Σ, numbers, function names)
// is kept as is. A placeholder {n} matches one token without spaces (a number
// or an expression such as "0.01" or "w(1)[0,1]"); the translation may use the
// placeholders in any order. A phrase that begins or ends with a letter only
// matches whole words. No GL here, so tests can check the table.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace backstep {

// Its file name inside assets/strings (read_string_tables skips it).
inline constexpr const char* kCorePhrasesFile = "core_phrases.json";

struct CorePhrase {
  std::string en, zh;
};
struct CorePhrases {
  std::vector<CorePhrase> phrases;
};

// One file's text; an English phrase defined twice, a missing or empty
// language, or a placeholder used in only one language is an error naming the
// file and the phrase.
Result<CorePhrases> parse_core_phrases(const std::string& text, const std::string& file);
Result<CorePhrases> read_core_phrases(const std::filesystem::path& file);

// The process-wide phrases localize_core_text() uses (call between frames).
void install_core_phrases(CorePhrases phrases);

// `english` in the current language (app/text/strings.hpp's current_language()):
// unchanged in English, the phrases replaced in Chinese.
std::string localize_core_text(std::string_view english);
// The same with the given phrases, for tests.
std::string localize_core_text(std::string_view english, const CorePhrases& phrases);

}  // namespace backstep
