// QR codes with libqrencode (Debian's libqrencode-dev).
#include <qrencode.h>

#include <memory>
#include <stdexcept>

#include "platform/documents/renderer.hpp"

namespace medrisk::documents {

QrMatrix qr_encode(const std::string& text) {
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_M),
                                                       &QRcode_free);
  if (!code) throw std::runtime_error("cannot encode a QR code of " + std::to_string(text.size()) + " bytes");
  QrMatrix m;
  m.size = code->width;
  m.dark.resize(static_cast<std::size_t>(m.size) * m.size);
  for (std::size_t i = 0; i < m.dark.size(); ++i) m.dark[i] = (code->data[i] & 1) != 0;  // bit 0: dark module
  return m;
}

}  // namespace medrisk::documents
