// Reading PDFs back in tests with poppler-utils (pdftotext, pdffonts, pdftoppm) and checking that every
// character of the text is covered by the Noto CJK fonts the renderer uses (fontconfig's fc-query),
// i.e. nothing was drawn as a .notdef box ("tofu").
#pragma once

#include <string>
#include <vector>

namespace medrisk::testing {

std::string pdf_to_text(const std::string& pdf);
// pdftotext spaces CJK text out and breaks lines: the text without whitespace, for substring checks.
std::string without_whitespace(const std::string& s);
// The fonts pdffonts lists: "<name> <type> <embedded yes/no>" per font.
std::vector<std::string> pdf_fonts(const std::string& pdf);
// Code points of `text` (whitespace aside) that none of Noto Serif / Sans / Sans Mono CJK SC covers,
// as "U+XXXX" strings.
std::vector<std::string> uncovered_code_points(const std::string& text);
// Renders every page with pdftoppm (PNG, 36 dpi) and returns how many it drew; -1 when pdftoppm fails
// or complains (poppler writes syntax errors and missing fonts to stderr).
int rendered_pages(const std::string& pdf);

}  // namespace medrisk::testing
