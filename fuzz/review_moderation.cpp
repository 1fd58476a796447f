// libFuzzer target: a patient's review comment through the reviews module's moderation (the detectors of
// data/reviews/moderation.json: ID numbers, bank cards, phones, e-mail, then the residual hold) and its
// harm-keyword scan, for every comment the API accepts (valid UTF-8, at most kMaxCommentLength code points).
// Nothing may crash or throw (std::regex on outside text), and the masked text is never longer than the
// comment in code points.
#include <cstdint>
#include <string>
#include <string_view>

#include "kernel/json.hpp"
#include "modules/reviews/parameters.hpp"
#include "modules/reviews/rules.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const medrisk::reviews::Parameters params = medrisk::reviews::load_parameters(MEDRISK_DATA_DIR "/reviews");
  std::string_view comment(reinterpret_cast<const char*>(data), size);
  auto n = medrisk::utf8_length(comment);
  if (!n || *n > medrisk::reviews::kMaxCommentLength) return 0;  // refused before moderation
  auto m = medrisk::reviews::moderate(comment, params.moderation);
  auto masked = medrisk::utf8_length(m.masked);
  if (!masked) __builtin_trap();  // moderation must keep the text valid UTF-8
  (void)medrisk::reviews::harm_keywords_in(comment, params.outreach);
  return 0;
}
