// An issued document as an HTTP answer: application/pdf, attachment with an ASCII file name, the
// document's version, number digest and the SHA-256 of the bytes in headers.
#pragma once

#include <string>

#include "platform/documents/registry.hpp"
#include "platform/http/router.hpp"

namespace medrisk::documents {

// `file_stem` is ASCII ("mediation-agreement-12"); the file is "<stem>-v<version>.pdf".
http::Response pdf_response(const IssuedDocument& d, const std::string& file_stem);

}  // namespace medrisk::documents
