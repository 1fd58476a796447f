// PDF answers (see http.hpp).
#include "platform/documents/http.hpp"

namespace medrisk::documents {

http::Response pdf_response(const IssuedDocument& d, const std::string& file_stem) {
  http::Response r;
  r.content_type = "application/pdf";
  r.body = d.pdf;
  r.headers.emplace_back("Content-Disposition",
                         "attachment; filename=\"" + file_stem + "-v" + std::to_string(d.record.version) + ".pdf\"");
  r.headers.emplace_back("X-Content-SHA256", d.record.pdf_sha256);
  r.headers.emplace_back("X-Document-Digest", d.record.content_sha256);
  r.headers.emplace_back("X-Document-Version", std::to_string(d.record.version));
  r.headers.emplace_back("Cache-Control", "private, no-store");
  return r;
}

}  // namespace medrisk::documents
