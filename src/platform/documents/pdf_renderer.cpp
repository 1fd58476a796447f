// Pango + Cairo PDF rendering of a document template (see renderer.hpp). Two passes: composition lays
// every block out into pages of drawing operations (so the page count is known), then each page is
// drawn with its header and footer.
#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <stdexcept>

#include "platform/crypto/crypto.hpp"
#include "platform/documents/renderer.hpp"

namespace medrisk::documents {
namespace {

using nlohmann::json;

// A4 in points; margins leave room for the header (organization, number) and the footer (digest, QR).
constexpr double kPageW = 595.276, kPageH = 841.890;
constexpr double kMarginX = 62;
constexpr double kContentTop = 84;
constexpr double kContentBottom = kPageH - 108;
constexpr double kContentW = kPageW - 2 * kMarginX;
constexpr double kCellPad = 5;
constexpr double kQrSize = 62;
constexpr double kPs = PANGO_SCALE;

const char* const kSerif = "Noto Serif CJK SC";
const char* const kSans = "Noto Sans CJK SC";
const char* const kMono = "Noto Sans Mono CJK SC";

struct Style {
  const char* family = kSerif;
  double size = 11;
  bool bold = false;
  PangoAlignment align = PANGO_ALIGN_LEFT;
  bool justify = false;
  double indent = 0;
  double line_spacing = 0;  // factor (1.5 = one and a half), 0 = the font's
};

using LayoutPtr = std::shared_ptr<PangoLayout>;
using Op = std::function<void(cairo_t*)>;

class Composer {
 public:
  Composer(const DocumentSet& set, const Template& t, const json& values) : set_(set), t_(t), values_(values) {
    PangoFontMap* map = pango_cairo_font_map_get_default();  // per thread since Pango 1.32.6
    ctx_.reset(pango_font_map_create_context(map), g_object_unref);
    pango_cairo_context_set_resolution(ctx_.get(), 72);  // one point per device unit
    pango_context_set_language(ctx_.get(), pango_language_from_string(t.lang == "zh-CN" ? "zh-cn" : "en-us"));
    // No hinting: metrics do not depend on a device, so the layout is the same on every machine.
    cairo_font_options_t* fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
    pango_cairo_context_set_font_options(ctx_.get(), fo);
    cairo_font_options_destroy(fo);
  }

  LayoutPtr layout(const std::string& text, double width, const Style& s) {
    LayoutPtr l(pango_layout_new(ctx_.get()), g_object_unref);
    PangoFontDescription* fd = pango_font_description_new();
    pango_font_description_set_family(fd, s.family);
    pango_font_description_set_absolute_size(fd, s.size * kPs);
    pango_font_description_set_weight(fd, s.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(l.get(), fd);
    pango_font_description_free(fd);
    pango_layout_set_width(l.get(), static_cast<int>(width * kPs));
    pango_layout_set_wrap(l.get(), PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(l.get(), s.align);
    pango_layout_set_justify(l.get(), s.justify);
    pango_layout_set_indent(l.get(), static_cast<int>(s.indent * kPs));
    if (s.line_spacing > 0) pango_layout_set_line_spacing(l.get(), static_cast<float>(s.line_spacing));
    pango_layout_set_text(l.get(), text.c_str(), -1);
    unknown_glyphs += pango_layout_get_unknown_glyphs_count(l.get());
    return l;
  }
  static double height(const LayoutPtr& l) {
    PangoRectangle logical;
    pango_layout_get_extents(l.get(), nullptr, &logical);
    return logical.height / kPs;
  }
  static double width(const LayoutPtr& l) {
    PangoRectangle logical;
    pango_layout_get_extents(l.get(), nullptr, &logical);
    return logical.width / kPs;
  }

  void compose() {
    new_page();
    for (const auto& b : t_.blocks) {
      if (b.when && !present(values_, *b.when)) continue;
      switch (b.kind) {
        case Block::Kind::title:
          title(b);
          break;
        case Block::Kind::heading:
          heading(b);
          break;
        case Block::Kind::paragraph:
          paragraph(fill(b.text, values_));
          break;
        case Block::Kind::fields:
          fields(b);
          break;
        case Block::Kind::table:
          table(b);
          break;
        case Block::Kind::signatures:
          signatures(b);
          break;
      }
    }
  }

  std::vector<std::vector<Op>> pages;
  int unknown_glyphs = 0;

 private:
  void new_page() {
    pages.emplace_back();
    y_ = kContentTop;
  }
  void add(Op op) { pages.back().push_back(std::move(op)); }
  void draw_layout(const LayoutPtr& l, double x, double y) {
    add([l, x, y](cairo_t* cr) {
      cairo_set_source_rgb(cr, 0, 0, 0);
      cairo_move_to(cr, x, y);
      pango_cairo_show_layout(cr, l.get());
    });
  }

  void title(const Block& b) {
    auto l = layout(fill(b.text, values_), kContentW, {kSans, 18, true, PANGO_ALIGN_CENTER});
    double h = height(l);
    if (y_ + h > kContentBottom) new_page();
    draw_layout(l, kMarginX, y_);
    y_ += h + 16;
  }

  void heading(const Block& b) {
    auto l = layout(fill(b.text, values_), kContentW, {kSans, 12.5, true});
    double h = height(l);
    // Keep a heading with the first lines of what follows.
    if (y_ + h + 48 > kContentBottom)
      new_page();
    else
      y_ += 6;
    draw_layout(l, kMarginX, y_);
    y_ += h + 6;
  }

  // A paragraph flows line by line, so a long one continues on the next page.
  void paragraph(const std::string& text) {
    auto l = layout(text, kContentW, {kSerif, 11, false, PANGO_ALIGN_LEFT, true, 22, 1.6});
    PangoLayoutIter* it = pango_layout_get_iter(l.get());
    double shift = y_;  // page y of the layout's y = 0 on the current page
    double bottom = y_;
    do {
      PangoRectangle logical;
      pango_layout_iter_get_line_extents(it, nullptr, &logical);
      double top = logical.y / kPs, h = logical.height / kPs, baseline = pango_layout_iter_get_baseline(it) / kPs;
      if (top + shift + h > kContentBottom) {
        new_page();
        shift = kContentTop - top;
      }
      PangoLayoutLine* line = pango_layout_line_ref(pango_layout_iter_get_line_readonly(it));
      double x = kMarginX + logical.x / kPs, y = baseline + shift;
      add([l, line, x, y](cairo_t* cr) {
        cairo_set_source_rgb(cr, 0, 0, 0);
        cairo_move_to(cr, x, y);
        pango_cairo_show_layout_line(cr, line);
      });
      // The op may run more than once; the line is released with the composer's pages.
      lines_.emplace_back(line, pango_layout_line_unref);
      bottom = top + shift + h;
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    y_ = bottom + 6;
  }

  struct Cell {
    LayoutPtr text;
    double x, w;
    bool shaded;
  };

  // One table row at y_: cell borders, shading and text; false when it does not fit on this page.
  bool row(const std::vector<Cell>& cells, bool force) {
    double h = 0;
    for (const auto& c : cells) h = std::max(h, height(c.text));
    h += 2 * kCellPad;
    if (!force && y_ + h > kContentBottom) return false;
    double y = y_;
    for (const auto& c : cells) {
      add([c, y, h](cairo_t* cr) {
        cairo_rectangle(cr, c.x, y, c.w, h);
        if (c.shaded) {
          cairo_set_source_rgb(cr, 0.93, 0.93, 0.93);
          cairo_fill_preserve(cr);
        }
        cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
        cairo_set_line_width(cr, 0.6);
        cairo_stroke(cr);
      });
      draw_layout(c.text, c.x + kCellPad, y + kCellPad);
    }
    y_ += h;
    return true;
  }

  void fields(const Block& b) {
    const double label_w = kContentW * 0.28, value_w = kContentW - label_w;
    for (const auto& [label, value] : b.fields) {
      std::vector<Cell> cells{
          {layout(fill(label, values_), label_w - 2 * kCellPad, {kSans, 10.5}), kMarginX, label_w, true},
          {layout(fill(value, values_), value_w - 2 * kCellPad, {kSerif, 11}), kMarginX + label_w, value_w, false}};
      if (!row(cells, false)) {
        new_page();
        row(cells, true);
      }
    }
    y_ += 10;
  }

  std::vector<Cell> table_cells(const Block& b, const std::vector<std::string>& texts, const json* r, bool header) {
    double total = 0;
    for (const auto& c : b.columns) total += c.width;
    std::vector<Cell> cells;
    double x = kMarginX;
    for (std::size_t i = 0; i < b.columns.size(); ++i) {
      double w = kContentW * b.columns[i].width / total;
      Style s{header ? kSans : kSerif, header ? 10.5 : 10.5, header};
      s.align = b.columns[i].align_right && !header ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT;
      cells.push_back({layout(fill(texts[i], values_, r), w - 2 * kCellPad, s), x, w, header});
      x += w;
    }
    return cells;
  }

  // An itemized table: the header row repeats at the top of every page the table reaches.
  void table(const Block& b) {
    std::vector<std::string> titles, cells;
    for (const auto& c : b.columns) titles.push_back(c.title), cells.push_back(c.cell);
    auto header = [&] { row(table_cells(b, titles, nullptr, true), true); };
    if (y_ + 60 > kContentBottom) new_page();
    header();
    auto put = [&](const std::vector<Cell>& r) {
      if (!row(r, false)) {
        new_page();
        header();
        row(r, true);
      }
    };
    auto it = values_.find(b.rows_from);
    if (it != values_.end() && it->is_array())
      for (const auto& r : *it) put(table_cells(b, cells, &r, false));
    if (!b.total.empty()) put(table_cells(b, b.total, nullptr, false));
    y_ += 10;
  }

  // Signature blocks two per line: the role, the signature on a line, the date under it; kept together.
  void signatures(const Block& b) {
    const double col_w = kContentW / 2;
    for (std::size_t i = 0; i < b.signatures.size(); i += 2) {
      struct Party {
        LayoutPtr role, name, date;
        double x;
      };
      std::vector<Party> parties;
      double h = 0;
      for (std::size_t j = i; j < std::min(i + 2, b.signatures.size()); ++j) {
        const auto& s = b.signatures[j];
        Party p{layout(fill(s.role, values_), col_w - 16, {kSans, 10.5, true}),
                layout(fill(s.name, values_), col_w - 16, {kSerif, 13}),
                layout(fill(s.date, values_), col_w - 16, {kSerif, 10.5}), kMarginX + (j - i) * col_w};
        h = std::max(h, height(p.role) + height(p.name) + height(p.date) + 14);
        parties.push_back(std::move(p));
      }
      if (y_ + h + 8 > kContentBottom) new_page();
      y_ += 8;
      for (const auto& p : parties) {
        double y = y_;
        draw_layout(p.role, p.x, y);
        y += height(p.role) + 4;
        draw_layout(p.name, p.x + 8, y);
        y += height(p.name) + 2;
        add([x = p.x, y](cairo_t* cr) {
          cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
          cairo_set_line_width(cr, 0.6);
          cairo_move_to(cr, x, y);
          cairo_line_to(cr, x + kContentW / 2 - 24, y);
          cairo_stroke(cr);
        });
        draw_layout(p.date, p.x, y + 4);
      }
      y_ += h;
    }
    y_ += 6;
  }

  const DocumentSet& set_;
  const Template& t_;
  const json& values_;
  std::shared_ptr<PangoContext> ctx_;
  std::vector<std::shared_ptr<PangoLayoutLine>> lines_;
  double y_ = kContentTop;

 public:
  PangoContext* context() { return ctx_.get(); }
  // The layouts must outlive the drawing: the composer owns them through the ops and lines_.
};

cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

void draw_qr(cairo_t* cr, const QrMatrix& qr, double x, double y, double size) {
  const int quiet = 2;
  double m = size / (qr.size + 2 * quiet);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_rectangle(cr, x, y, size, size);
  cairo_fill(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  for (int row = 0; row < qr.size; ++row)
    for (int col = 0; col < qr.size;) {
      if (!qr.at(col, row)) {
        ++col;
        continue;
      }
      int run = col;
      while (run < qr.size && qr.at(run, row)) ++run;  // one rectangle per run of dark modules
      cairo_rectangle(cr, x + (col + quiet) * m, y + (row + quiet) * m, (run - col) * m, m);
      col = run;
    }
  cairo_fill(cr);
}

std::string replace(std::string s, const std::string& key, const std::string& value) {
  for (std::size_t p = s.find(key); p != std::string::npos; p = s.find(key, p + value.size()))
    s.replace(p, key.size(), value);
  return s;
}

}  // namespace

RenderedPdf render_pdf(const DocumentSet& set, const Template& t, const json& values, const DocumentMeta& meta) {
  RenderedPdf out;
  out.content_sha256 = content_digest(t, values);
  out.verify_url = t.verify_url.empty() ? replace(set.verify_url, "{{sha256}}", out.content_sha256)
                                        : fill(replace(t.verify_url, "{{sha256}}", out.content_sha256), values);
  QrMatrix qr = qr_encode(out.verify_url);

  Composer c(set, t, values);
  c.compose();
  const int pages = static_cast<int>(c.pages.size());

  // Header and footer layouts (the page number differs per page, the rest is shared).
  auto org = c.layout(meta.organization, kContentW * 0.6, {kSans, 9});
  auto number =
      c.layout(set.labels.number + meta.document_number, kContentW * 0.4, {kSans, 9, false, PANGO_ALIGN_RIGHT});
  const double text_w = kContentW - kQrSize - 12;
  auto digest = c.layout(set.labels.digest, text_w, {kSans, 7.5});
  auto hex = c.layout(out.content_sha256, text_w, {kMono, 7.5});
  auto note = c.layout(set.labels.digest_note, text_w, {kSans, 7});
  auto verify = c.layout(set.labels.verify, kQrSize, {kSans, 7, false, PANGO_ALIGN_CENTER});

  std::string bytes;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(append_to_string, &bytes, kPageW, kPageH);
  cairo_pdf_surface_restrict_to_version(surface, CAIRO_PDF_VERSION_1_5);
  std::string date = meta.date.to_string() + "T00:00:00+08:00";
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, t.title.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "MedRisk 医险通");
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, date.c_str());
  cairo_t* cr = cairo_create(surface);
  pango_cairo_update_context(cr, c.context());

  auto show = [cr](const LayoutPtr& l, double x, double y) {
    cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, l.get());
  };
  for (int p = 0; p < pages; ++p) {
    // Header: organization left, number right, a rule under them.
    show(org, kMarginX, 44);
    show(number, kMarginX + kContentW * 0.6, 44);
    cairo_set_source_rgb(cr, 0.4, 0.4, 0.4);
    cairo_set_line_width(cr, 0.5);
    cairo_move_to(cr, kMarginX, 62);
    cairo_line_to(cr, kPageW - kMarginX, 62);
    cairo_stroke(cr);

    for (const auto& op : c.pages[p]) op(cr);

    // Footer: rule, digest with what it covers, page number, QR code with its caption.
    const double top = kPageH - 96;
    cairo_set_source_rgb(cr, 0.4, 0.4, 0.4);
    cairo_move_to(cr, kMarginX, top);
    cairo_line_to(cr, kPageW - kMarginX, top);
    cairo_stroke(cr);
    double y = top + 6;
    show(digest, kMarginX, y);
    y += Composer::height(digest);
    show(hex, kMarginX, y);
    y += Composer::height(hex) + 2;
    show(note, kMarginX, y);
    std::string page_text =
        replace(replace(set.labels.page, "{{page}}", std::to_string(p + 1)), "{{pages}}", std::to_string(pages));
    auto page_no = c.layout(page_text, text_w, {kSans, 9, false, PANGO_ALIGN_CENTER});
    show(page_no, kMarginX, kPageH - 34);
    draw_qr(cr, qr, kPageW - kMarginX - kQrSize, top + 4, kQrSize);
    show(verify, kPageW - kMarginX - kQrSize, top + 4 + kQrSize);
    cairo_show_page(cr);
  }
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  auto status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS)
    throw std::runtime_error(std::string("PDF rendering failed: ") + cairo_status_to_string(status));

  out.bytes = std::move(bytes);
  out.pdf_sha256 = crypto::sha256_hex(out.bytes);
  out.pages = pages;
  out.unknown_glyphs = c.unknown_glyphs;
  return out;
}

}  // namespace medrisk::documents
