// Film and page titles reduced to a comparable key.
//
// Film titles in The Movies Dataset and page titles in the Wikipedia dump spell the same film
// differently: "Amélie" / "Amelie", "Schindler's List" / "Schindler’s List", "Tom & Jerry" /
// "Tom and Jerry", "Se7en" / "Se7en", double spaces and trailing punctuation. `normalize_title`
// maps such variants to one key; matching compares keys. The same function is registered in
// DuckDB as the SQL scalar function `normalize_title(VARCHAR) → VARCHAR` (see
// `register_normalize_title`), so SQL models and C++ code can never disagree.
//
// The rules (the issue-3 contract, §Normalisation), applied left to right on UTF-8 text:
//   - ASCII letters are lower-cased; Latin-1 and Latin Extended-A letters are folded to their
//     base letters (é→e, ø→o, ł→l, ß→ss, æ→ae, œ→oe, þ→th), as are Romanian ș/ț; Greek and
//     Cyrillic capitals are lower-cased; combining diacritical marks (U+0300–U+036F) vanish,
//     so decomposed "e\u0301" equals "é";
//   - `&` becomes `and` (in place: "AT&T" → "atandt", "Tom & Jerry" → "tom and jerry");
//   - apostrophes vanish: ' ’ ‘ ʼ and ` ("Schindler's" → "schindlers");
//   - every run of other characters that are not letters or digits — ASCII punctuation and
//     spaces, Latin-1 symbols (no-break space, «», ¿, ×, …), General Punctuation (dashes,
//     quotes, …), CJK punctuation and invalid UTF-8 bytes — becomes one space;
//   - leading and trailing spaces are trimmed. A leading article is kept ("The Thing" stays
//     "the thing"): dropping it would merge distinct films.
// Letters of other scripts (CJK, Arabic, …) are kept unchanged. The result is valid UTF-8.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "db/duckdb.hpp"

namespace reelhouse::landing {

// Returns the normalised key of `title` (see the file comment). Empty for a title with no
// letters or digits.
std::string normalize_title(std::string_view title);

// Same as normalize_title, writing into `out` (cleared first) so hot loops reuse its buffer.
void normalize_title_into(std::string_view title, std::string& out);

// A page title split into the name and its trailing parenthetical qualifier:
// "King Kong (1933 film)" → {"King Kong", "1933 film"}; "Heat" → {"Heat", nullopt}.
struct TitleParts {
  std::string_view base;
  std::optional<std::string_view> qualifier;
};

// Splits a trailing " (…)" qualifier off `title`. The qualifier is the text between the
// parenthesis that closes the title and its matching opening parenthesis, which must follow
// a space and leave a non-empty base ("(film)" and "Film(s)" have no qualifier). The views
// point into `title`.
TitleParts split_title_qualifier(std::string_view title);

// Registers `normalize_title(VARCHAR) → VARCHAR` on `connection` (NULL in → NULL out).
// Errors: ErrorCode::sql when DuckDB refuses the registration.
Result<> register_normalize_title(db::DuckConnection& connection);

}  // namespace reelhouse::landing
