// The PDF renderer behind a small interface: callers (modules, tests) see this header only; Pango,
// Cairo and libqrencode stay inside pdf_renderer.cpp and qr.cpp.
//
// A4, Noto CJK (fonts-noto-cjk) through fontconfig, Pango's line breaking (UAX #14 with the CJK
// punctuation rules: no line starts with ，。、）」 and none ends with （「), paragraphs and table rows
// broken across pages with the table header repeated, a header with the organization and the document
// number, page numbers "第 x 页 / 共 y 页" and a footer with the content digest and a verification QR code.
// Deterministic: the same template, values and meta give byte-identical PDFs (the PDF's creation and
// modification dates are the document's date, not the time of rendering).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "kernel/date.hpp"
#include "platform/documents/template.hpp"

namespace medrisk::documents {

struct DocumentMeta {
  std::string organization;     // header, left
  std::string document_number;  // header, right
  Date date;                    // the document's date (PDF CreationDate/ModDate, Asia/Shanghai midnight)
};

struct RenderedPdf {
  std::string bytes;
  std::string content_sha256;  // content_digest(template, values): printed in the footer
  std::string pdf_sha256;      // of `bytes`
  std::string verify_url;      // encoded in the QR code
  int pages = 0;
  // Characters the fonts could not show (Pango's unknown glyphs, drawn as boxes): 0 for a good document.
  int unknown_glyphs = 0;
};

RenderedPdf render_pdf(const DocumentSet& set, const Template& t, const nlohmann::json& values,
                       const DocumentMeta& meta);

// The QR code's modules (true = dark), row by row, `size` × `size`, without the quiet zone.
struct QrMatrix {
  int size = 0;
  std::vector<bool> dark;
  bool at(int x, int y) const { return dark[static_cast<std::size_t>(y) * size + x]; }
};
// Error correction level M, 8-bit mode; throws std::runtime_error when the text does not fit a QR code.
QrMatrix qr_encode(const std::string& text);

}  // namespace medrisk::documents
